import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import SchoolIcon from '@mui/icons-material/School';
import { Login, LoginForm, LocalesMenuButton, useTranslate } from 'react-admin';

/** Username and password; the `login` mutation sets the session cookie. */
export function LoginPage() {
  const translate = useTranslate();
  return (
    <Login avatarIcon={<SchoolIcon />}>
      <Box sx={{ px: 2, textAlign: 'center' }}>
        <Typography variant="h6" data-testid="login-title">{translate('app.login.title')}</Typography>
        <Typography variant="body2" color="text.secondary">{translate('app.subtitle')}</Typography>
      </Box>
      <LoginForm />
      <Box sx={{ display: 'flex', justifyContent: 'center', pb: 1 }}>
        <LocalesMenuButton />
      </Box>
    </Login>
  );
}
