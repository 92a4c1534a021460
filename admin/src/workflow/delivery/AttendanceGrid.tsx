import { useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import SaveIcon from '@mui/icons-material/Save';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import { useNotify, useTranslate } from 'react-admin';
import { errorText, gql } from '../../api';
import { graphqlErrors } from '../common';
import { absenceOf, recordedHours, type ClassData, type Session, type Trainee } from './data';

/** Edits not yet saved: session id → enrollment id → the text typed. */
export type Drafts = Record<string, Record<string, string>>;

/** How many typed cells differ from what is recorded (the unsaved changes). */
export function unsavedCells(data: ClassData, drafts: Drafts): number {
  let n = 0;
  for (const s of data.sessions)
    for (const t of data.trainees) {
      const d = drafts[s.id]?.[t.id];
      if (d === undefined) continue;
      const v = recordedHours(t, s);
      if (d.trim() === '' ? v !== null : v === null || Number(d) !== v) n++;
    }
  return n;
}

const fmt1 = (n: number) => String(Math.round(n * 10) / 10);

/** The status recordAttendance stores for the hours typed: all of them present, none absent, some late. */
function statusFor(hours: number, session: Session): 'present' | 'late' | 'absent' {
  if (hours <= 0) return 'absent';
  return hours >= session.hours ? 'present' : 'late';
}

/** A cell's text is valid when empty (not recorded) or a number of hours 0..session hours in steps of 0.1. */
function problemOf(text: string, session: Session, translate: (k: string, o?: Record<string, unknown>) => string): string | null {
  if (text.trim() === '') return null;
  const v = Number(text);
  if (!Number.isFinite(v)) return translate('app.delivery.not_a_number');
  if (v < 0 || v > session.hours) return translate('app.delivery.hours_range', { max: session.hours });
  if (Math.round(v * 10) !== v * 10) return translate('app.delivery.one_decimal');
  return null;
}

/** Moves the focus to the cell `dr` rows down (Enter / arrows), like a spreadsheet. */
function move(e: React.KeyboardEvent<HTMLInputElement>, dr: number, dc: number) {
  const el = e.currentTarget;
  const r = Number(el.dataset.row) + dr;
  const c = Number(el.dataset.col) + dc;
  const next = document.querySelector<HTMLInputElement>(`input[data-row="${r}"][data-col="${c}"]`);
  if (next) {
    e.preventDefault();
    next.focus();
    next.select();
  }
}

/**
 * Attendance as a grid: a row per approved trainee, a column per session, the hours attended
 * in each cell. Each session is saved on its own (recordAttendance, one call for the whole
 * column); unsaved cells are highlighted, wrong ones are marked with the reason before
 * anything is sent, and each row shows the trainee's absence against C-7's one third.
 */
export function AttendanceGrid({
  data, editable, onSaved, drafts, setDrafts,
}: {
  data: ClassData;
  editable: boolean;
  onSaved: (sessionId: string, rows: { enrollmentId: string; hoursAttended: number; status: string }[]) => void;
  /** Kept by the screen, so switching tabs keeps what was typed. */
  drafts: Drafts;
  setDrafts: React.Dispatch<React.SetStateAction<Drafts>>;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const [saving, setSaving] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { sessions, trainees } = data;

  const textOf = (t: Trainee, s: Session): string => {
    const d = drafts[s.id]?.[t.id];
    if (d !== undefined) return d;
    const v = recordedHours(t, s);
    return v === null ? '' : fmt1(v);
  };
  const valueOf = (t: Trainee, s: Session): number | null => {
    const text = textOf(t, s);
    if (text.trim() === '' || problemOf(text, s, translate)) return recordedHours(t, s);
    return Number(text);
  };
  const dirty = (t: Trainee, s: Session) => {
    const d = drafts[s.id]?.[t.id];
    if (d === undefined) return false;
    const v = recordedHours(t, s);
    return d.trim() === '' ? v !== null : v === null || Number(d) !== v;
  };
  const dirtyIn = (s: Session) => trainees.filter((t) => dirty(t, s));
  const problemsIn = (s: Session) => trainees.filter((t) => problemOf(textOf(t, s), s, translate));
  const changed = useMemo(() => sessions.filter((s) => trainees.some((t) => dirty(t, s))), [drafts, data]);

  const set = (s: Session, t: Trainee, text: string) => setDrafts((d) => ({ ...d, [s.id]: { ...(d[s.id] ?? {}), [t.id]: text } }));

  /** Fills the column's empty cells with the session's hours (everyone present). */
  const fillPresent = (s: Session) =>
    setDrafts((d) => {
      const col = { ...(d[s.id] ?? {}) };
      for (const t of trainees) if (textOf(t, s).trim() === '') col[t.id] = fmt1(s.hours);
      return { ...d, [s.id]: col };
    });

  const save = async (s: Session): Promise<boolean> => {
    const bad = problemsIn(s);
    if (bad.length) {
      setError(translate('app.delivery.fix_first', { date: s.date, count: bad.length }));
      return false;
    }
    const entries = trainees
      .map((t) => ({ t, text: textOf(t, s) }))
      .filter((x) => x.text.trim() !== '')
      .map(({ t, text }) => ({ enrollmentId: t.id, hoursAttended: Number(text), status: statusFor(Number(text), s) }));
    if (!entries.length) {
      setError(translate('app.delivery.nothing_to_save', { date: s.date }));
      return false;
    }
    setSaving(s.id);
    setError(null);
    try {
      await gql(`mutation($s: ID!, $e: [AttendanceEntryInput!]!) { recordAttendance(sessionId: $s, entries: $e) { id } }`, { s: s.id, e: entries });
      onSaved(s.id, entries);
      setDrafts((d) => {
        const { [s.id]: _, ...rest } = d;
        return rest;
      });
      notify(translate('app.delivery.saved', { date: s.date, count: entries.length }), { type: 'success' });
      return true;
    } catch (e) {
      setError(`${s.date} ${s.title}：${graphqlErrors(e).map(errorText).join('；')}`);
      return false;
    } finally {
      setSaving(null);
    }
  };

  const saveAll = async () => {
    for (const s of changed) if (!(await save(s))) return;
  };

  if (!sessions.length) return <Alert severity="info">{translate('app.delivery.no_sessions')}</Alert>;
  if (!trainees.length) return <Alert severity="info">{translate('app.delivery.no_trainees')}</Alert>;

  return (
    <Box>
      <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1, minWidth: 240 }}>
          {translate(editable ? 'app.delivery.grid_hint' : 'app.delivery.grid_readonly')}
        </Typography>
        {editable && changed.length > 0 && (
          <Button variant="contained" startIcon={<SaveIcon />} onClick={() => void saveAll()} disabled={!!saving} data-testid="save-all">
            {translate('app.delivery.save_all', { count: changed.length })}
          </Button>
        )}
      </Stack>
      {error && (
        <Alert severity="error" sx={{ mb: 1 }} onClose={() => setError(null)} data-testid="attendance-error">
          {error}
        </Alert>
      )}
      <TableContainer sx={{ maxHeight: 'calc(100vh - 300px)', minHeight: 240, border: 1, borderColor: 'divider', borderRadius: 1 }}>
        <Table size="small" stickyHeader data-testid="attendance-grid" sx={{ '& td, & th': { px: 1 } }}>
          <TableHead>
            <TableRow>
              <TableCell sx={{ position: 'sticky', left: 0, zIndex: 3, minWidth: 150, bgcolor: 'background.paper' }}>{translate('app.delivery.trainee')}</TableCell>
              {sessions.map((s) => {
                const n = dirtyIn(s).length;
                return (
                  <TableCell key={s.id} align="center" sx={{ minWidth: 112, verticalAlign: 'top' }} data-testid={`session-${s.id}`}>
                    <Typography variant="body2" sx={{ fontWeight: 600 }}>{s.date.slice(5)}</Typography>
                    <Tooltip title={s.title}>
                      <Typography variant="caption" sx={{ display: 'block', maxWidth: 120, mx: 'auto', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                        {s.title}
                      </Typography>
                    </Tooltip>
                    <Typography variant="caption" color="text.secondary">{translate('app.delivery.hours', { hours: fmt1(s.hours) })}</Typography>
                    {editable && (
                      <Stack direction="row" spacing={0.5} sx={{ justifyContent: 'center', mt: 0.5 }}>
                        <Tooltip title={translate('app.delivery.fill_present')}>
                          <Button size="small" sx={{ minWidth: 0, px: 0.5 }} onClick={() => fillPresent(s)} aria-label={translate('app.delivery.fill_present')} data-testid={`fill-${s.id}`}>
                            <DoneAllIcon fontSize="small" />
                          </Button>
                        </Tooltip>
                        <Button
                          size="small" variant={n ? 'contained' : 'outlined'} sx={{ minWidth: 0, px: 1 }} disabled={!n || saving === s.id}
                          onClick={() => void save(s)} data-testid={`save-${s.id}`}
                        >
                          {saving === s.id ? '…' : n ? translate('app.delivery.save_n', { count: n }) : translate('ra.action.save')}
                        </Button>
                      </Stack>
                    )}
                  </TableCell>
                );
              })}
              <TableCell align="right" sx={{ minWidth: 130 }}>{translate('app.delivery.absence')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {trainees.map((t, row) => {
              const a = absenceOf(t, sessions, valueOf);
              return (
                <TableRow key={t.id} hover data-testid={`trainee-${t.id}`}>
                  <TableCell sx={{ position: 'sticky', left: 0, zIndex: 1, bgcolor: 'background.paper' }}>
                    <Typography variant="body2">{t.teacher?.name ?? t.teacherId}</Typography>
                    <Typography variant="caption" color="text.secondary">{t.school?.name ?? ''}</Typography>
                  </TableCell>
                  {sessions.map((s, col) => {
                    const text = textOf(t, s);
                    const problem = problemOf(text, s, translate);
                    const isDirty = dirty(t, s);
                    return (
                      <TableCell key={s.id} align="center" sx={{ bgcolor: problem ? '#fdecea' : isDirty ? '#fff4e5' : undefined, p: 0.5 }}>
                        <Tooltip title={problem ?? ''} open={problem ? undefined : false}>
                          <input
                            value={text}
                            inputMode="decimal"
                            disabled={!editable}
                            placeholder="—"
                            aria-label={`${t.teacher?.name ?? t.teacherId} ${s.date}`}
                            data-row={row}
                            data-col={col}
                            data-testid={`cell-${t.id}-${s.id}`}
                            onChange={(e) => set(s, t, e.target.value)}
                            onFocus={(e) => e.target.select()}
                            onKeyDown={(e) => {
                              if (e.key === 'Enter' || e.key === 'ArrowDown') move(e, 1, 0);
                              else if (e.key === 'ArrowUp') move(e, -1, 0);
                            }}
                            style={{
                              width: 64, textAlign: 'center', font: 'inherit', padding: '4px 2px', borderRadius: 4,
                              border: `1px solid ${problem ? '#d32f2f' : 'rgba(0,0,0,0.23)'}`, background: editable ? '#fff' : 'transparent',
                            }}
                          />
                        </Tooltip>
                      </TableCell>
                    );
                  })}
                  <TableCell align="right">
                    <Typography variant="body2">{fmt1(a.absent)} / {fmt1(a.total)}</Typography>
                    {a.failed && <Chip size="small" color="error" label={translate('app.delivery.c7_failed')} sx={{ mt: 0.25 }} />}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
    </Box>
  );
}
