import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        Page not found
      </Typography>
      <Typography sx={{ mb: 2 }}>There is nothing at this address. It may have been mistyped, or the link is out of date.</Typography>
      <Button component={Link} to="/" variant="contained">
        Go to the overview
      </Button>
    </>
  );
}
