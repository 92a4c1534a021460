import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import SchoolIcon from '@mui/icons-material/School';
import { useNotify, useTranslate } from 'react-admin';
import { errorText, gql } from '../../api';
import { useLocale } from '../../generated/fields';
import { graphqlErrors } from '../common';
import { latestOf, type ClassData } from './data';

interface GrantResult {
  granted: number;
  already: number;
  notPassed: number;
  refused: { teacherId: string; enrollmentId: string; rule: string; messageZh: string; messageEn: string }[];
}

/** grantClassCredits: one press registers the class's credits for every trainee who passed (C-6: never twice). */
export function CreditsPanel({ data, canGrant }: { data: ClassData; canGrant: boolean }) {
  const translate = useTranslate();
  const notify = useNotify();
  const locale = useLocale();
  const [granted, setGranted] = useState<number | null>(null);
  const [result, setResult] = useState<GrantResult | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const passed = data.trainees.filter((t) => {
    const g = latestOf(t)?.grade;
    return g === 'pass' || g === 'excellent';
  }).length;
  const graded = data.trainees.filter((t) => latestOf(t)).length;
  const names = new Map(data.trainees.map((t) => [String(t.id), t.teacher?.name ?? t.teacherId]));

  const count = () =>
    gql<{ n: { count: number } }>(`query($f: CreditRecordFilter) { n: _allCreditRecordsMeta(filter: $f) { count } }`, { f: { classId: data.cls.id, source: 'class' } })
      .then((d) => setGranted(d.n.count))
      .catch(() => setGranted(null));
  useEffect(() => void count(), [data.cls.id]);

  const grant = async () => {
    setConfirm(false);
    setBusy(true);
    try {
      const d = await gql<{ grantClassCredits: GrantResult }>(
        `mutation($c: ID!) { grantClassCredits(classId: $c) { granted already notPassed refused { teacherId enrollmentId rule messageZh messageEn } } }`,
        { c: data.cls.id },
      );
      setResult(d.grantClassCredits);
      notify(translate('app.delivery.granted', { count: d.grantClassCredits.granted }), { type: 'success' });
      void count();
    } catch (e) {
      notify(graphqlErrors(e).map(errorText).join('；'), { type: 'error', multiLine: true, autoHideDuration: 10_000 });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box data-testid="credits-panel">
      <Stack direction="row" spacing={1} sx={{ mb: 2, flexWrap: 'wrap', rowGap: 1 }}>
        <Chip label={translate('app.delivery.trainees_n', { count: data.trainees.length })} />
        <Chip variant="outlined" label={translate('app.delivery.graded_n', { count: graded })} />
        <Chip variant="outlined" color="success" label={translate('app.delivery.passed_n', { count: passed })} />
        <Chip variant="outlined" color="primary" label={translate('app.delivery.granted_n', { count: granted ?? '…' })} data-testid="granted-count" />
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>{translate('app.delivery.grant_hint')}</Typography>
      {canGrant && (
        <Button variant="contained" startIcon={<SchoolIcon />} disabled={busy} onClick={() => setConfirm(true)} data-testid="grant-credits">
          {translate('app.delivery.grant')}
        </Button>
      )}
      {result && (
        <Alert severity={result.refused.length ? 'warning' : 'success'} sx={{ mt: 2 }} data-testid="grant-result">
          {translate('app.delivery.grant_result', result)}
          {result.refused.length > 0 && (
            <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
              {result.refused.map((r, i) => (
                <li key={i}>
                  {names.get(String(r.enrollmentId)) ?? r.teacherId}：<b>{r.rule}</b> {locale === 'en' ? r.messageEn : r.messageZh}
                </li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      <Dialog open={confirm} onClose={() => setConfirm(false)}>
        <DialogTitle>{translate('app.delivery.grant')}</DialogTitle>
        <DialogContent>
          <Typography>{translate('app.delivery.grant_confirm', { passed, name: data.cls.name })}</Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirm(false)}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" onClick={() => void grant()} data-testid="grant-confirm">{translate('ra.action.confirm')}</Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
