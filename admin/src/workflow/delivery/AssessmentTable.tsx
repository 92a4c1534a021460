import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useNotify, useTranslate } from 'react-admin';
import { errorText, gql } from '../../api';
import { graphqlErrors } from '../common';
import { absenceOf, latestOf, recordedHours, type AssessmentRow, type ClassData, type Trainee } from './data';

type Grade = AssessmentRow['grade'];
interface Entry { grade: Grade | ''; score: string; note: string }

const GRADE_COLOR: Record<Grade, 'success' | 'primary' | 'error'> = { excellent: 'success', pass: 'primary', fail: 'error' };

/** What may still be recorded for a trainee: the assessment, the one make-up (C-8), or nothing (grades are never overwritten). */
function nextStep(t: Trainee): 'first' | 'makeUp' | 'none' {
  const latest = latestOf(t);
  if (!latest) return 'first';
  return latest.grade === 'fail' && latest.attempt === 1 ? 'makeUp' : 'none';
}

/**
 * Grades per trainee (recordAssessment, C-8): choose grades for several trainees, check them,
 * and record them together after one confirmation (a recorded grade is never changed, C-14);
 * a trainee who failed gets the make-up instead. C-7 is shown per row: a trainee absent for a
 * third of the hours can only fail, so pass and excellent are not offered.
 */
export function AssessmentTable({ data, editable, onSaved }: { data: ClassData; editable: boolean; onSaved: (enrollmentId: string, row: AssessmentRow) => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [entries, setEntries] = useState<Record<string, Entry>>({});
  const [results, setResults] = useState<Record<string, string>>({});
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const { sessions, trainees } = data;
  const grades: Grade[] = ['excellent', 'pass', 'fail'];
  const gradeLabel = (g: Grade) => translate(`app.delivery.grade.${g}`);

  const entry = (t: Trainee): Entry => entries[t.id] ?? { grade: '', score: '', note: '' };
  const set = (t: Trainee, patch: Partial<Entry>) => setEntries((e) => ({ ...e, [t.id]: { ...entry(t), ...patch } }));
  const scoreProblem = (s: string) => (s.trim() === '' ? null : !Number.isFinite(Number(s)) || Number(s) < 0 || Number(s) > 100 ? translate('app.delivery.score_range') : null);
  const chosen = trainees.filter((t) => nextStep(t) !== 'none' && entry(t).grade);
  const invalid = chosen.filter((t) => scoreProblem(entry(t).score));

  /** Fills "pass" for everyone not yet graded whose attendance allows it. */
  const allPass = () =>
    setEntries((e) => {
      const out = { ...e };
      for (const t of trainees)
        if (nextStep(t) === 'first' && !entry(t).grade && !absenceOf(t, sessions, recordedHours, true).failed) out[t.id] = { ...entry(t), grade: 'pass' };
      return out;
    });

  const save = async () => {
    setConfirm(false);
    setBusy(true);
    let ok = 0;
    const failed: Record<string, string> = {};
    for (const t of chosen) {
      const e = entry(t);
      try {
        const d = await gql<{ recordAssessment: AssessmentRow }>(
          `mutation($id: ID!, $g: Grade!, $s: Float, $n: String, $m: Boolean) { recordAssessment(enrollmentId: $id, grade: $g, score: $s, note: $n, makeUp: $m) { id attempt grade score note } }`,
          { id: t.id, g: e.grade, s: e.score.trim() === '' ? null : Number(e.score), n: e.note.trim() || null, m: nextStep(t) === 'makeUp' },
        );
        onSaved(t.id, d.recordAssessment);
        ok++;
        setEntries((x) => {
          const { [t.id]: _, ...rest } = x;
          return rest;
        });
      } catch (err) {
        failed[t.id] = graphqlErrors(err).map(errorText).join('；');
      }
    }
    setResults(failed);
    setBusy(false);
    if (ok) notify(translate('app.delivery.graded', { count: ok }), { type: 'success' });
    if (Object.keys(failed).length) notify(translate('app.delivery.grade_failed', { count: Object.keys(failed).length }), { type: 'error' });
  };

  if (!trainees.length) return <Alert severity="info">{translate('app.delivery.no_trainees')}</Alert>;
  return (
    <Box>
      <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1, minWidth: 240 }}>{translate('app.delivery.assess_hint')}</Typography>
        {editable && (
          <>
            <Button variant="outlined" onClick={allPass} data-testid="all-pass">{translate('app.delivery.all_pass')}</Button>
            <Button variant="contained" disabled={!chosen.length || !!invalid.length || busy} onClick={() => setConfirm(true)} data-testid="save-grades">
              {translate('app.delivery.save_grades', { count: chosen.length })}
            </Button>
          </>
        )}
      </Stack>
      <TableContainer sx={{ maxHeight: 'calc(100vh - 300px)', border: 1, borderColor: 'divider', borderRadius: 1 }}>
        <Table size="small" stickyHeader data-testid="assessment-table">
          <TableHead>
            <TableRow>
              <TableCell>{translate('app.delivery.trainee')}</TableCell>
              <TableCell align="right">{translate('app.delivery.absence')}</TableCell>
              <TableCell>{translate('app.delivery.result')}</TableCell>
              {editable && <TableCell sx={{ minWidth: 360 }}>{translate('app.delivery.record')}</TableCell>}
            </TableRow>
          </TableHead>
          <TableBody>
            {trainees.map((t) => {
              const a = absenceOf(t, sessions, recordedHours, true);
              const step = nextStep(t);
              const e = entry(t);
              const history = [...t.assessments].sort((x, y) => x.attempt - y.attempt);
              return (
                <TableRow key={t.id} data-testid={`assess-${t.id}`}>
                  <TableCell>
                    <Typography variant="body2">{t.teacher?.name ?? t.teacherId}</Typography>
                    <Typography variant="caption" color="text.secondary">{t.school?.name ?? ''}</Typography>
                  </TableCell>
                  <TableCell align="right">
                    {Math.round(a.absent * 10) / 10} / {Math.round(a.total * 10) / 10}
                    {a.failed && <Chip size="small" color="error" label={translate('app.delivery.c7_failed')} sx={{ ml: 0.5 }} />}
                  </TableCell>
                  <TableCell>
                    {history.length ? (
                      <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap' }}>
                        {history.map((h) => (
                          <Chip
                            key={h.id} size="small" variant={h.attempt > 1 ? 'outlined' : 'filled'} color={GRADE_COLOR[h.grade]}
                            label={`${h.attempt > 1 ? translate('app.delivery.makeup') : ''}${gradeLabel(h.grade)}${h.score !== null ? ` ${h.score}` : ''}`}
                          />
                        ))}
                      </Stack>
                    ) : (
                      <Typography variant="body2" color="text.secondary">{translate('app.delivery.not_graded')}</Typography>
                    )}
                    {results[t.id] && <Typography variant="caption" color="error" sx={{ display: 'block' }} data-testid={`assess-error-${t.id}`}>{results[t.id]}</Typography>}
                  </TableCell>
                  {editable && (
                    <TableCell>
                      {step === 'none' ? (
                        <Typography variant="caption" color="text.secondary">{translate('app.delivery.final')}</Typography>
                      ) : (
                        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                          {step === 'makeUp' && <Chip size="small" color="warning" label={translate('app.delivery.makeup')} />}
                          <TextField
                            select size="small" value={e.grade} sx={{ width: 120, flexShrink: 0 }} label={translate('app.delivery.grade_label')}
                            onChange={(ev) => set(t, { grade: ev.target.value as Grade })} slotProps={{ htmlInput: { 'data-testid': `grade-${t.id}` } }}
                          >
                            <MenuItem value="">—</MenuItem>
                            {grades.map((g) => (
                              <MenuItem key={g} value={g} disabled={a.failed && g !== 'fail'}>{gradeLabel(g)}</MenuItem>
                            ))}
                          </TextField>
                          <TextField
                            size="small" value={e.score} label={translate('app.delivery.score')} sx={{ width: 90, flexShrink: 0 }} onChange={(ev) => set(t, { score: ev.target.value })}
                            error={!!scoreProblem(e.score)} helperText={scoreProblem(e.score) ?? undefined} slotProps={{ htmlInput: { inputMode: 'decimal' } }}
                          />
                          <TextField size="small" value={e.note} label={translate('app.delivery.note')} sx={{ flex: 1, minWidth: 100 }} onChange={(ev) => set(t, { note: ev.target.value })} />
                        </Stack>
                      )}
                    </TableCell>
                  )}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
      <Dialog open={confirm} onClose={() => setConfirm(false)}>
        <DialogTitle>{translate('app.delivery.save_grades', { count: chosen.length })}</DialogTitle>
        <DialogContent>
          <Typography>{translate('app.delivery.grades_final', { count: chosen.length })}</Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirm(false)}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" onClick={() => void save()} data-testid="confirm-grades">{translate('ra.action.confirm')}</Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
