import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import { Title, useGetIdentity, usePermissions, useTranslate } from 'react-admin';
import { useLocale } from '../generated/fields';
import type { Metadata } from '../meta';

export function Dashboard() {
  const translate = useTranslate();
  const locale = useLocale();
  const { identity } = useGetIdentity();
  const { permissions: m } = usePermissions<Metadata>();
  const role = m?.roles.find((r) => r.value === m.role);
  const scope = m ? [m.me.regionId && `${locale === 'en' ? 'region' : '区划'} ${m.me.regionId}`, m.me.institutionId && `${locale === 'en' ? 'institution' : '机构'} #${m.me.institutionId}`, m.me.teacherId && `${locale === 'en' ? 'teacher' : '教师'} #${m.me.teacherId}`, m.me.expertId && `${locale === 'en' ? 'expert' : '专家'} #${m.me.expertId}`].filter(Boolean) : [];
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate('app.menu.dashboard')} />
      <CardContent>
        <Typography variant="h5" gutterBottom data-testid="welcome">
          {translate('app.welcome', { name: identity?.fullName ?? '' })}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ mb: 2 }}>
          {role && <Chip label={`${translate('app.role')}：${locale === 'en' ? role.labelEn : role.labelZh}`} color="primary" variant="outlined" />}
          {scope.map((s) => <Chip key={String(s)} label={`${translate('app.scope')}：${s}`} variant="outlined" />)}
        </Stack>
        <Typography variant="body2" color="text.secondary">{translate('app.welcome_hint')}</Typography>
      </CardContent>
    </Card>
  );
}
