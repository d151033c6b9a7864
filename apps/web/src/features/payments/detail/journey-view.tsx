import CancelIcon from '@mui/icons-material/Cancel';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import HelpIcon from '@mui/icons-material/HelpOutlineOutlined';
import PendingIcon from '@mui/icons-material/PendingOutlined';
import RadioButtonUncheckedIcon from '@mui/icons-material/RadioButtonUnchecked';
import SkipNextIcon from '@mui/icons-material/SkipNext';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { useBusinessTimeZone } from '../../../app/business-time-zone.ts';
import { formatDateTime } from '../../../shared/format.ts';
import type { JourneyData } from '../shared/types.ts';

type StepState = JourneyData['steps'][number]['state'];

// Each state has a word and an icon, not only a colour, so it reads without colour vision.
const STATE_LOOK: Readonly<Record<StepState, { word: string; icon: ReactNode; color: string }>> = {
  done: { word: 'Done', icon: <CheckCircleIcon fontSize="small" />, color: 'success.main' },
  skipped: { word: 'Skipped', icon: <SkipNextIcon fontSize="small" />, color: 'text.secondary' },
  current: { word: 'In progress', icon: <PendingIcon fontSize="small" />, color: 'info.main' },
  failed: { word: 'Failed here', icon: <CancelIcon fontSize="small" />, color: 'error.main' },
  uncertain: { word: 'Outcome unknown', icon: <HelpIcon fontSize="small" />, color: 'warning.main' },
  not_reached: { word: 'Not reached', icon: <RadioButtonUncheckedIcon fontSize="small" />, color: 'text.secondary' },
};

/** The provider's lifecycle: which steps the payment went through, skipped, or stopped in. */
export function JourneyView({ journey }: { journey: JourneyData }) {
  const zone = useBusinessTimeZone();
  return (
    <Box component="section" aria-labelledby="journey-title">
      <Typography id="journey-title" variant="h6" component="h2" gutterBottom>
        {journey.title}
      </Typography>
      <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0, display: 'grid', gap: 1, gridTemplateColumns: { xs: '1fr', md: `repeat(${journey.steps.length}, minmax(0, 1fr))` } }}>
        {journey.steps.map((step) => {
          const look = STATE_LOOK[step.state];
          const isFailed = step.state === 'failed';
          return (
            <Paper
              key={step.key}
              component="li"
              variant="outlined"
              aria-label={`${step.label}: ${look.word}`}
              sx={{
                p: 1.5,
                borderColor: isFailed ? 'error.main' : step.state === 'uncertain' ? 'warning.main' : undefined,
                borderWidth: isFailed || step.state === 'uncertain' ? 2 : 1,
                borderStyle: step.state === 'not_reached' || step.state === 'skipped' ? 'dashed' : 'solid',
              }}
            >
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
                <Box component="span" sx={{ display: 'inline-flex', color: look.color }}>
                  {look.icon}
                </Box>
                <Typography variant="caption" sx={{ fontWeight: 600 }}>
                  {look.word}
                </Typography>
              </Box>
              <Typography variant="subtitle2" component="p">
                {step.label}
              </Typography>
              <Typography variant="caption" color="text.secondary" component="p">
                {step.summary}
              </Typography>
              {step.enteredAt && (
                <Typography variant="caption" component="p" sx={{ mt: 0.5 }}>
                  From {formatDateTime(step.enteredAt, zone)}
                </Typography>
              )}
            </Paper>
          );
        })}
      </Box>
      {journey.failure && (
        <Alert severity="error" sx={{ mt: 2 }}>
          <AlertTitle>
            Why it failed: {journey.failure.categoryLabel}
            {(() => {
              const failedStep = journey.steps.find((s) => s.state === 'failed');
              return failedStep ? ` (at ${failedStep.label})` : '';
            })()}
          </AlertTitle>
          {journey.failure.codes.length === 0 ? (
            <span>The provider gave no reason code.</span>
          ) : (
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {journey.failure.codes.map((code) => (
                <li key={code.code ?? 'none'}>
                  <code>{code.code}</code> — {code.meaning}
                  {!code.known && ' (not in our catalogue yet)'}
                </li>
              ))}
            </Box>
          )}
        </Alert>
      )}
    </Box>
  );
}
