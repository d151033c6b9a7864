import Alert from '@mui/material/Alert';
import Snackbar from '@mui/material/Snackbar';
import { useCallback, useState, type ReactNode } from 'react';

interface Notice {
  message: string;
  severity: 'success' | 'info' | 'error';
  key: number;
}

/**
 * A snackbar for mutation results: successes fade away, errors stay until dismissed.
 * Returns the element to render and the function that shows a notice.
 */
export function useNotify(): [ReactNode, (message: string, severity?: Notice['severity']) => void] {
  const [notice, setNotice] = useState<Notice | null>(null);
  const notify = useCallback((message: string, severity: Notice['severity'] = 'success') => {
    setNotice({ message, severity, key: Date.now() });
  }, []);
  const close = () => setNotice(null);
  const element = (
    <Snackbar
      key={notice?.key}
      open={notice !== null}
      onClose={(_event, reason) => {
        if (reason !== 'clickaway') close();
      }}
      autoHideDuration={notice?.severity === 'error' ? null : 6000}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
    >
      <Alert severity={notice?.severity ?? 'info'} onClose={close} variant="filled" sx={{ width: '100%' }}>
        {notice?.message}
      </Alert>
    </Snackbar>
  );
  return [element, notify];
}
