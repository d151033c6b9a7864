import HelpIcon from '@mui/icons-material/HelpOutlineOutlined';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import Popover from '@mui/material/Popover';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { SEARCH_FIELD_HELP } from '@paydesk/domain';
import { useState } from 'react';

/** The search language, written from the same definitions the parser uses. Examples can be added to the search with a click. */
export function SearchHelp({ onExample }: { onExample: (example: string) => void }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const close = () => setAnchor(null);
  return (
    <>
      <Tooltip title="How to search">
        <IconButton aria-label="How to search" aria-haspopup="dialog" onClick={(event) => setAnchor(event.currentTarget)} edge="end">
          <HelpIcon />
        </IconButton>
      </Tooltip>
      <Popover
        open={anchor !== null}
        anchorEl={anchor}
        onClose={close}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        slotProps={{ paper: { role: 'dialog', 'aria-labelledby': 'search-help-title', sx: { maxWidth: 760, p: 2 } } }}
      >
        <Typography id="search-help-title" variant="h6" component="h2" gutterBottom>
          How to search
        </Typography>
        <Typography variant="body2" component="div" sx={{ mb: 1 }}>
          <p style={{ marginTop: 0 }}>
            Type whatever the customer quotes. Exact identifiers win: our id, any provider’s payment id (Kashimi payment id or end-to-end id,
            Klavi id or clientRequestId, Kasha transactionId or sessionId), the merchant reference or the payment reference. One exact match opens
            the payment straight away.
          </p>
          <p>
            Otherwise the text is read by its shape: an email address (whole or part), a phone number (with or without country code), four digits
            (a card’s last four), or part of the customer’s name (any case, accents ignored, at least 3 characters).
          </p>
          <p style={{ marginBottom: 0 }}>
            Narrow down with <code>field:value</code>. Several values with commas (<code>status:failed,unknown</code>), a leading minus to exclude (
            <code>-provider:kasha</code>), quotes around values with spaces (<code>name:&quot;ana lima&quot;</code>). Filters combine with AND.
          </p>
        </Typography>
        <Box sx={{ maxHeight: 360, overflow: 'auto' }}>
          <Table size="small" aria-label="Search fields">
            <TableHead>
              <TableRow>
                <TableCell>Field</TableCell>
                <TableCell>Meaning</TableCell>
                <TableCell>Examples (click to add)</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {SEARCH_FIELD_HELP.map((help) => (
                <TableRow key={help.field}>
                  <TableCell>
                    <code>{help.field}:</code>
                  </TableCell>
                  <TableCell>{help.summary}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {help.examples.map((example) => (
                      <Box key={example}>
                        <Link
                          component="button"
                          type="button"
                          onClick={() => {
                            onExample(example);
                            close();
                          }}
                          sx={{ fontFamily: 'monospace', fontSize: 13 }}
                        >
                          {example}
                        </Link>
                      </Box>
                    ))}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      </Popover>
    </>
  );
}
