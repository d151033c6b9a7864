import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { Link } from 'react-router';

export function ForbiddenPage() {
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        Not allowed
      </Typography>
      <Typography sx={{ mb: 2 }}>
        Your role does not give access to this page. If you need it for your work, ask an administrator.
      </Typography>
      <Button component={Link} to="/" variant="contained">
        Go to your start page
      </Button>
    </>
  );
}
