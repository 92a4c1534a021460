import { useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import DownloadIcon from '@mui/icons-material/FileDownload';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import ReplayIcon from '@mui/icons-material/Replay';
import PlaylistAddCheckIcon from '@mui/icons-material/PlaylistAddCheck';
import { LinkBase } from 'ra-core';
import { Title, useNotify, useTranslate } from 'react-admin';
import { apiFetch, downloadFile } from '../excel/download';
import { useLocale } from '../generated/fields';

/** GET /import/jobs/:id (core/import/jobs.ts jobView). */
interface Job {
  id: string;
  status: 'validating' | 'validated' | 'importing' | 'done' | 'failed';
  fileName: string;
  total: number;
  processed: number;
  valid: number;
  invalid: number;
  imported: number;
  progress: number;
  errorCount: number;
  errors: { row: number; field: string; column: string; messageZh: string; messageEn: string }[];
  mode: string | null;
  message: string | null;
}

const POLL_MS = 400;

/**
 * The roster import (core/import/routes.ts): download the template, upload a filled-in
 * workbook, watch it being checked row by row, read each problem next to its row number and
 * column (or download the rows with problems as a workbook), and import. A file with errors
 * is imported only when the user chooses to import its valid rows and confirms it.
 */
export default function TeacherImport() {
  const translate = useTranslate();
  const notify = useNotify();
  const locale = useLocale();
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'template' | 'upload' | 'commit' | 'errors' | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const timer = useRef<number | undefined>(undefined);

  // Poll while the server is checking or writing.
  useEffect(() => {
    if (!job || (job.status !== 'validating' && job.status !== 'importing')) return;
    timer.current = window.setTimeout(async () => {
      try {
        const res = await apiFetch(`/import/jobs/${job.id}`);
        setJob((await res.json()) as Job);
      } catch (e) {
        setError((e as Error).message);
      }
    }, POLL_MS);
    return () => window.clearTimeout(timer.current);
  }, [job]);

  const msg = (e: { messageZh: string; messageEn: string }) => (locale === 'en' ? e.messageEn : e.messageZh);

  const template = async () => {
    setBusy('template');
    try {
      await downloadFile('/import/teachers/template', 'teacher-import-template.xlsx');
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    } finally {
      setBusy(null);
    }
  };

  const upload = async (file: File) => {
    setError(null);
    setJob(null);
    if (!/\.xlsx$/i.test(file.name)) {
      setError(translate('app.import.not_xlsx', { name: file.name }));
      return;
    }
    setBusy('upload');
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const res = await apiFetch('/import/teachers', { method: 'POST', body: form });
      setJob((await res.json()) as Job);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
      if (input.current) input.current.value = '';
    }
  };

  const commit = async (mode: 'all' | 'valid') => {
    if (!job) return;
    setConfirm(false);
    setBusy('commit');
    setError(null);
    try {
      const res = await apiFetch(`/import/jobs/${job.id}/commit?mode=${mode}`, { method: 'POST' });
      setJob((await res.json()) as Job);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const errorsWorkbook = async () => {
    if (!job) return;
    setBusy('errors');
    try {
      await downloadFile(`/import/jobs/${job.id}/errors.xlsx`, 'import-errors.xlsx');
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    } finally {
      setBusy(null);
    }
  };

  const restart = () => {
    setJob(null);
    setError(null);
    input.current?.click();
  };

  const running = job && (job.status === 'validating' || job.status === 'importing');
  const pct = job ? Math.round(job.progress * 100) : 0;

  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate('app.import.title')} />
      <CardContent>
        <Typography variant="h6" gutterBottom>{translate('app.import.title')}</Typography>
        <Stack spacing={2}>
          <Box>
            <Typography variant="subtitle2">1. {translate('app.import.step_template')}</Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{translate('app.import.template_hint')}</Typography>
            <Button variant="outlined" startIcon={<DownloadIcon />} onClick={() => void template()} disabled={busy === 'template'} data-testid="import-template">
              {translate('app.import.template')}
            </Button>
          </Box>

          <Box>
            <Typography variant="subtitle2" sx={{ mb: 1 }}>2. {translate('app.import.step_upload')}</Typography>
            <Box
              onDragOver={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={(e) => {
                e.preventDefault();
                setDragging(false);
                const f = e.dataTransfer.files[0];
                if (f && !running) void upload(f);
              }}
              sx={{
                border: 2, borderStyle: 'dashed', borderColor: dragging ? 'primary.main' : 'divider', borderRadius: 1, p: 3, textAlign: 'center',
                bgcolor: dragging ? 'action.hover' : 'transparent',
              }}
            >
              <input
                ref={input}
                type="file"
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                hidden
                data-testid="import-file"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  if (f) void upload(f);
                }}
              />
              <Button variant="contained" startIcon={<UploadFileIcon />} onClick={() => input.current?.click()} disabled={!!running || busy === 'upload'}>
                {translate('app.import.choose')}
              </Button>
              <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>{translate('app.import.drop_hint')}</Typography>
            </Box>
          </Box>

          {busy === 'upload' && (
            <Box>
              <Typography variant="body2">{translate('app.import.uploading')}</Typography>
              <LinearProgress />
            </Box>
          )}

          {error && (
            <Alert severity="error" data-testid="import-error" action={<Button color="inherit" size="small" startIcon={<ReplayIcon />} onClick={restart}>{translate('app.import.again')}</Button>}>
              {error}
            </Alert>
          )}

          {job && (
            <Box data-testid="import-job" data-status={job.status}>
              <Typography variant="subtitle2" sx={{ mb: 1 }}>3. {translate('app.import.step_check')}：{job.fileName}</Typography>
              {running && (
                <Box sx={{ mb: 2 }}>
                  <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
                    <Typography variant="body2">
                      {job.status === 'validating'
                        ? translate('app.import.validating', { processed: job.processed, total: job.total || '…' })
                        : translate('app.import.importing', { processed: job.processed, total: job.valid })}
                    </Typography>
                    <Typography variant="body2" color="text.secondary">{pct}%</Typography>
                  </Stack>
                  <LinearProgress variant="determinate" value={pct} data-testid="import-progress" sx={{ height: 8, borderRadius: 4 }} />
                </Box>
              )}
              {job.status !== 'validating' && (
                <Stack direction="row" spacing={1} sx={{ mb: 2, flexWrap: 'wrap', rowGap: 1 }} data-testid="import-summary">
                  <Chip label={translate('app.import.total', { count: job.total })} />
                  <Chip color="success" variant="outlined" label={translate('app.import.valid', { count: job.valid })} />
                  <Chip color={job.invalid ? 'error' : 'default'} variant="outlined" label={translate('app.import.invalid', { count: job.invalid })} />
                </Stack>
              )}
              {job.status === 'validated' && job.invalid === 0 && job.valid > 0 && (
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                  <Alert severity="success" sx={{ flex: 1 }}>{translate('app.import.all_valid', { count: job.valid })}</Alert>
                  <Button variant="contained" onClick={() => void commit('all')} disabled={busy === 'commit'} data-testid="import-commit-all">
                    {translate('app.import.commit_all', { count: job.valid })}
                  </Button>
                </Stack>
              )}
              {job.status === 'validated' && job.invalid > 0 && (
                <>
                  <Alert severity="warning" sx={{ mb: 2 }} data-testid="import-has-errors">
                    {translate('app.import.has_errors', { invalid: job.invalid, valid: job.valid })}
                  </Alert>
                  <Stack direction="row" spacing={1} sx={{ mb: 2, flexWrap: 'wrap', rowGap: 1 }}>
                    <Button variant="outlined" startIcon={<DownloadIcon />} onClick={() => void errorsWorkbook()} disabled={busy === 'errors'} data-testid="import-errors-xlsx">
                      {translate('app.import.download_errors')}
                    </Button>
                    <Button variant="outlined" startIcon={<ReplayIcon />} onClick={restart}>{translate('app.import.again')}</Button>
                    {job.valid > 0 && (
                      <Button variant="contained" color="warning" startIcon={<PlaylistAddCheckIcon />} onClick={() => setConfirm(true)} disabled={busy === 'commit'} data-testid="import-commit-valid">
                        {translate('app.import.commit_valid', { count: job.valid })}
                      </Button>
                    )}
                  </Stack>
                  <TableContainer sx={{ maxHeight: 420, border: 1, borderColor: 'divider', borderRadius: 1 }}>
                    <Table size="small" stickyHeader data-testid="import-errors">
                      <TableHead>
                        <TableRow>
                          <TableCell sx={{ width: 90 }}>{translate('app.import.row')}</TableCell>
                          <TableCell sx={{ width: 140 }}>{translate('app.import.column')}</TableCell>
                          <TableCell>{translate('app.import.problem')}</TableCell>
                        </TableRow>
                      </TableHead>
                      <TableBody>
                        {job.errors.map((e, i) => (
                          <TableRow key={i}>
                            <TableCell>{e.row}</TableCell>
                            <TableCell>{e.column}</TableCell>
                            <TableCell>{msg(e)}</TableCell>
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
                  </TableContainer>
                  {job.errorCount > job.errors.length && (
                    <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                      {translate('app.import.more_errors', { shown: job.errors.length, count: job.errorCount })}
                    </Typography>
                  )}
                </>
              )}
              {job.status === 'validated' && job.valid === 0 && job.invalid === 0 && <Alert severity="info">{translate('app.import.empty')}</Alert>}
              {job.status === 'done' && (
                <Alert
                  severity="success"
                  data-testid="import-done"
                  action={
                    <Stack direction="row" spacing={1}>
                      <Button color="inherit" size="small" component={LinkBase} to="/Teacher">{translate('app.import.view_teachers')}</Button>
                      <Button color="inherit" size="small" onClick={restart}>{translate('app.import.another')}</Button>
                    </Stack>
                  }
                >
                  {translate('app.import.done', { count: job.imported })}
                  {job.invalid > 0 ? translate('app.import.done_skipped', { count: job.invalid }) : ''}
                </Alert>
              )}
              {job.status === 'failed' && (
                <Alert severity="error" data-testid="import-failed" action={<Button color="inherit" size="small" onClick={restart}>{translate('app.import.again')}</Button>}>
                  {job.message ?? translate('app.error.server')}
                </Alert>
              )}
            </Box>
          )}
        </Stack>
      </CardContent>
      <Dialog open={confirm} onClose={() => setConfirm(false)}>
        <DialogTitle>{translate('app.import.confirm_title')}</DialogTitle>
        <DialogContent>
          <Typography>{translate('app.import.confirm_text', { valid: job?.valid ?? 0, invalid: job?.invalid ?? 0 })}</Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirm(false)}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" color="warning" onClick={() => void commit('valid')} data-testid="import-confirm-valid">
            {translate('app.import.commit_valid', { count: job?.valid ?? 0 })}
          </Button>
        </DialogActions>
      </Dialog>
    </Card>
  );
}
