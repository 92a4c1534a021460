import type { ReactNode } from 'react';
import { AppBar, Layout as RaLayout, LocalesMenuButton, TitlePortal, useTranslate } from 'react-admin';
import Typography from '@mui/material/Typography';
import { Menu } from './Menu';

function ConsoleAppBar() {
  const translate = useTranslate();
  return (
    <AppBar toolbar={<LocalesMenuButton />}>
      <Typography variant="h6" sx={{ mr: 2, whiteSpace: 'nowrap' }} data-testid="app-title">
        {translate('app.title')}
      </Typography>
      <TitlePortal variant="body1" />
    </AppBar>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <RaLayout menu={Menu} appBar={ConsoleAppBar}>
      {children}
    </RaLayout>
  );
}
