import { useEffect, useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import EditCalendarIcon from '@mui/icons-material/EditCalendar';
import { LinkBase } from 'ra-core';
import { Loading, Title, usePermissions, useTranslate } from 'react-admin';
import { errorText, gql } from '../../api';
import { useLocale } from '../../generated/fields';
import type { Metadata } from '../../meta';
import { graphqlErrors } from '../common';

interface Period {
  id: string; regionId: string; code: string; name: string;
  declareFrom: string; declareTo: string; reviewFrom: string; reviewTo: string; publishOn: string;
  teacherDataFrom: string; teacherDataTo: string; round1From: string; round1To: string; round2From: string; round2To: string;
  runFrom: string; runTo: string;
}

/** ZJ-9's windows in the order a period runs them; publication is one day. */
const WINDOWS: { key: string; from: keyof Period; to: keyof Period; color: string }[] = [
  { key: 'declare', from: 'declareFrom', to: 'declareTo', color: '#1976d2' },
  { key: 'review', from: 'reviewFrom', to: 'reviewTo', color: '#7b1fa2' },
  { key: 'publish', from: 'publishOn', to: 'publishOn', color: '#c2185b' },
  { key: 'teacherData', from: 'teacherDataFrom', to: 'teacherDataTo', color: '#00838f' },
  { key: 'round1', from: 'round1From', to: 'round1To', color: '#2e7d32' },
  { key: 'round2', from: 'round2From', to: 'round2To', color: '#558b2f' },
  { key: 'run', from: 'runFrom', to: 'runTo', color: '#ef6c00' },
];

const DAY = 86_400_000;
const dayNo = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / DAY);
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const span = (p: Period) => {
  const dates = WINDOWS.flatMap((w) => [p[w.from], p[w.to]]).sort();
  return { first: dates[0]!, last: dates[dates.length - 1]! };
};

/** The period whose windows contain today, else the next to come, else the latest. */
function currentPeriod(periods: Period[], today: string): Period | undefined {
  const open = periods.filter((p) => span(p).first <= today && today <= span(p).last);
  if (open.length) return open.sort((a, b) => (span(b).first < span(a).first ? -1 : 1))[0];
  const upcoming = periods.filter((p) => span(p).first > today).sort((a, b) => (span(a).first < span(b).first ? -1 : 1));
  return upcoming[0] ?? [...periods].sort((a, b) => (span(b).last < span(a).last ? -1 : 1))[0];
}

/**
 * 浙江 ZJ-9: the windows of a half-year period (declaration, review, publication, teacher
 * data, two selection rounds, the run) on one timeline, today marked, each window's state
 * (open, days left, starts in) spelled out.
 */
export default function ZjPeriodTimeline() {
  const translate = useTranslate();
  const locale = useLocale();
  const { permissions: m } = usePermissions<Metadata>();
  const [periods, setPeriods] = useState<Period[] | null>(null);
  const [regions, setRegions] = useState<Record<string, string>>({});
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const today = chinaToday();

  useEffect(() => {
    gql<{ items: Period[] }>(
      `{ items: allZjPeriods(perPage: 100, sortField: "runFrom", sortOrder: "DESC") { id regionId code name declareFrom declareTo reviewFrom reviewTo publishOn
        teacherDataFrom teacherDataTo round1From round1To round2From round2To runFrom runTo } }`,
    )
      .then(async (d) => {
        setPeriods(d.items);
        const ids = [...new Set(d.items.map((p) => p.regionId))];
        if (ids.length) {
          const r = await gql<{ items: { id: string; name: string }[] }>(`query($f: RegionFilter) { items: allRegions(filter: $f, perPage: 100) { id name } }`, { f: { ids } });
          setRegions(Object.fromEntries(r.items.map((x) => [x.id, x.name])));
        }
      })
      .catch((e) => setError(graphqlErrors(e).map(errorText).join('；')));
  }, []);

  const period = useMemo(() => (periods ? (periods.find((p) => p.id === selected) ?? currentPeriod(periods, today)) : undefined), [periods, selected]);
  if (!m) return <Loading />;
  const form = m.forms.find((f) => f.id === 'zhejiang.period');
  const title = translate('app.zj.timeline_title');

  return (
    <Card sx={{ mt: 2 }}>
      <Title title={title} />
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
          <Typography variant="h6" sx={{ flex: '1 1 auto' }}>{title}</Typography>
          {periods && periods.length > 0 && (
            <TextField select size="small" label={translate('app.zj.period')} value={period?.id ?? ''} onChange={(e) => setSelected(e.target.value)} sx={{ width: 340, maxWidth: '100%' }}>
              {periods.map((p) => (
                <MenuItem key={p.id} value={p.id}>{`${p.name}（${regions[p.regionId] ?? p.regionId}）`}</MenuItem>
              ))}
            </TextField>
          )}
          {form && (
            <Button variant="outlined" startIcon={<EditCalendarIcon />} component={LinkBase} to={`/forms/${encodeURIComponent(form.id)}`}>
              {locale === 'en' ? form.titleEn : form.titleZh}
            </Button>
          )}
        </Stack>
        {error && <Alert severity="error">{error}</Alert>}
        {!periods && !error && <Loading />}
        {periods && !periods.length && <Alert severity="info">{translate('app.zj.no_periods')}</Alert>}
        {period && <Timeline p={period} today={today} regionName={regions[period.regionId] ?? period.regionId} />}
      </CardContent>
    </Card>
  );
}

function Timeline({ p, today, regionName }: { p: Period; today: string; regionName: string }) {
  const translate = useTranslate();
  const { first, last } = span(p);
  const start = dayNo(first);
  const days = dayNo(last) - start + 1;
  const pos = (d: string) => (100 * (dayNo(d) - start)) / days;
  const width = (a: string, b: string) => (100 * (dayNo(b) - dayNo(a) + 1)) / days;
  const t = dayNo(today);
  const todayInside = today >= first && today <= last;
  // Month ticks (the first of each month inside the span).
  const ticks: string[] = [];
  for (let d = new Date(`${first.slice(0, 7)}-01T00:00:00Z`); d.toISOString().slice(0, 10) <= last; d.setUTCMonth(d.getUTCMonth() + 1)) {
    const iso = d.toISOString().slice(0, 10);
    if (iso >= first) ticks.push(iso);
  }
  const LABEL = 230;
  const RIGHT = 170;
  return (
    <Box data-testid="zj-timeline">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('app.zj.summary', { name: p.name, code: p.code, region: regionName, from: first, to: last, today })}
      </Typography>
      <Box sx={{ position: 'relative' }}>
        {/* month axis */}
        <Box sx={{ display: 'flex', mb: 1 }}>
          <Box sx={{ width: LABEL, flexShrink: 0 }} />
          <Box sx={{ position: 'relative', flex: 1, height: 20, borderBottom: 1, borderColor: 'divider' }}>
            {ticks.map((d) => (
              <Typography key={d} variant="caption" color="text.secondary" sx={{ position: 'absolute', left: `${pos(d)}%`, transform: 'translateX(-2px)', whiteSpace: 'nowrap' }}>
                {d.slice(2, 7).replace('-', '/')}
              </Typography>
            ))}
          </Box>
          <Box sx={{ width: RIGHT, flexShrink: 0 }} />
        </Box>
        {WINDOWS.map((w) => {
          const from = p[w.from];
          const to = p[w.to];
          const state = today < from ? 'upcoming' : today > to ? 'past' : 'open';
          const label =
            state === 'open'
              ? translate('app.zj.open_left', { days: dayNo(to) - t + 1 })
              : state === 'upcoming'
                ? translate('app.zj.starts_in', { days: dayNo(from) - t })
                : translate('app.zj.closed');
          return (
            <Box key={w.key} sx={{ display: 'flex', alignItems: 'center', minHeight: 40 }} data-testid={`window-${w.key}`} data-state={state}>
              <Box sx={{ width: LABEL, flexShrink: 0, pr: 1 }}>
                <Typography variant="body2" sx={{ fontWeight: state === 'open' ? 600 : 400 }}>{translate(`app.zj.window.${w.key}`)}</Typography>
                <Typography variant="caption" color="text.secondary">{from === to ? from : `${from} ~ ${to}`}</Typography>
              </Box>
              <Box sx={{ position: 'relative', flex: 1, height: 20, bgcolor: 'action.hover', borderRadius: 1 }}>
                {ticks.map((d) => (
                  <Box key={d} sx={{ position: 'absolute', left: `${pos(d)}%`, top: 0, bottom: 0, borderLeft: 1, borderColor: 'divider' }} />
                ))}
                <Tooltip title={`${translate(`app.zj.window.${w.key}`)}：${from === to ? from : `${from} ~ ${to}`}`}>
                  <Box
                    sx={{
                      position: 'absolute', left: `${pos(from)}%`, width: `${width(from, to)}%`, minWidth: 8, top: 2, bottom: 2, borderRadius: 1,
                      bgcolor: w.color, opacity: state === 'past' ? 0.4 : 1, boxShadow: state === 'open' ? `0 0 0 2px ${w.color}55` : undefined,
                    }}
                  />
                </Tooltip>
              </Box>
              <Box sx={{ width: RIGHT, flexShrink: 0, pl: 1 }}>
                <Chip size="small" label={label} color={state === 'open' ? 'success' : 'default'} variant={state === 'past' ? 'outlined' : 'filled'} />
              </Box>
            </Box>
          );
        })}
        {todayInside && (
          <Box sx={{ position: 'absolute', top: 0, bottom: 0, left: LABEL, right: RIGHT, pointerEvents: 'none' }}>
            <Box sx={{ position: 'absolute', left: `${pos(today) + 50 / days}%`, top: 0, bottom: 0, borderLeft: '2px solid', borderColor: 'error.main' }} data-testid="zj-today">
              <Typography variant="caption" sx={{ position: 'absolute', top: -2, left: 4, color: 'error.main', whiteSpace: 'nowrap', bgcolor: 'background.paper', px: 0.5 }}>
                {translate('app.zj.today', { date: today.slice(5) })}
              </Typography>
            </Box>
          </Box>
        )}
      </Box>
    </Box>
  );
}
