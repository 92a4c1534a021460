import { lazy, Suspense, useEffect, useState } from 'react';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Typography from '@mui/material/Typography';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Box from '@mui/material/Box';
import { Link, Title, useGetIdentity, usePermissions, useTranslate } from 'react-admin';
import { gql } from '../api';
import { useLocale } from '../generated/fields';
import type { Metadata } from '../meta';

/** The figures (ECharts) load only for roles that may see them, after the first screen. */
const DashboardStats = lazy(() => import('../dashboard/DashboardStats'));

/** How many records of each resource the caller's scope holds: one request, one alias per resource. */
function useCounts(m: Metadata | undefined) {
  const [counts, setCounts] = useState<Record<string, number>>({});
  useEffect(() => {
    if (!m) return;
    const visible = m.resources.filter((r) => m.operations.has(`_all${r.plural}Meta`));
    if (!visible.length) return;
    const q = `{ ${visible.map((r, i) => `c${i}: _all${r.plural}Meta { count }`).join(' ')} }`;
    gql<Record<string, { count: number }>>(q)
      .then((d) => setCounts(Object.fromEntries(visible.map((r, i) => [r.name, d[`c${i}`]?.count ?? 0]))))
      .catch(() => setCounts({}));
  }, [m]);
  return counts;
}

/** Home: who you are and your scope, the figures of your region (`dashboard`), and what your scope holds, by menu section. */
export function Dashboard() {
  const translate = useTranslate();
  const locale = useLocale();
  const { identity } = useGetIdentity();
  const { permissions: m } = usePermissions<Metadata>();
  const counts = useCounts(m);
  const lbl = (o: { labelZh: string; labelEn: string }) => (locale === 'en' ? o.labelEn : o.labelZh);
  const role = m?.roles.find((r) => r.value === m.role);
  const en = locale === 'en';
  const scope = m
    ? [
        m.me.regionId && `${en ? 'region' : '行政区划'} ${m.me.regionId}`,
        m.me.institutionId && `${en ? 'institution' : '机构'} #${m.me.institutionId}`,
        m.me.teacherId && `${en ? 'teacher' : '教师'} #${m.me.teacherId}`,
        m.me.expertId && `${en ? 'expert' : '专家'} #${m.me.expertId}`,
      ].filter(Boolean)
    : [];
  const fmt = new Intl.NumberFormat(locale);
  return (
    <Box sx={{ mt: 2 }}>
      <Title title={translate('app.menu.dashboard')} />
      <Card sx={{ mb: 2 }}>
        <CardContent sx={{ '&:last-child': { pb: 2 } }}>
          <Typography variant="h5" gutterBottom data-testid="welcome">
            {translate('app.welcome', { name: identity?.fullName ?? '' })}
          </Typography>
          <Stack direction="row" spacing={1} sx={{ mb: 1, flexWrap: 'wrap', rowGap: 1 }}>
            {role && <Chip label={`${translate('app.role')}：${lbl(role)}`} color="primary" variant="outlined" />}
            {scope.map((s) => <Chip key={String(s)} label={`${translate('app.scope')}：${s}`} variant="outlined" />)}
          </Stack>
          <Typography variant="body2" color="text.secondary">{translate('app.welcome_hint')}</Typography>
        </CardContent>
      </Card>
      {m?.operations.has('dashboard') && (
        <Suspense fallback={<Box sx={{ height: 300 }} />}>
          <DashboardStats />
        </Suspense>
      )}
      {m && (
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))' }}>
          {m.groups.map((g) => {
            const items = m.resources.filter((r) => r.group === g.name && m.operations.has(`all${r.plural}`));
            if (!items.length) return null;
            return (
              <Card key={g.name} data-testid={`home-group-${g.name}`}>
                <CardHeader title={lbl(g)} slotProps={{ title: { variant: 'subtitle1', fontWeight: 600 } }} sx={{ pb: 0 }} />
                <CardContent>
                  {items.map((r) => (
                    <Box key={r.name} sx={{ display: 'flex', justifyContent: 'space-between', py: 0.25 }}>
                      <Link to={`/${r.name}`}>{en ? r.pluralEn : r.labelZh}</Link>
                      <Typography variant="body2" color="text.secondary" data-testid={`count-${r.name}`}>
                        {counts[r.name] === undefined ? '…' : fmt.format(counts[r.name]!)}
                      </Typography>
                    </Box>
                  ))}
                </CardContent>
              </Card>
            );
          })}
        </Box>
      )}
    </Box>
  );
}
