import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import SendIcon from '@mui/icons-material/Send';
import PublishIcon from '@mui/icons-material/Publish';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import { useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { errorText, gql } from '../api';
import type { Metadata } from '../meta';
import { graphqlErrors, ReasonDialog } from './common';
import { ProjectValidation, ViolationList, type Violation } from './ProjectValidation';

/**
 * The project's next step on its own page, for whoever may take it: the declaring institution
 * submits a draft (or a project sent back) after seeing the same rule check the bureau will see;
 * the bureau publishes an approved project; either closes a published one. Approval itself is
 * the bureau's review queue (ProjectReview).
 */
export function ProjectActions({ m }: { m: Metadata }) {
  const record = useRecordContext();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [dialog, setDialog] = useState<'submit' | 'close' | null>(null);
  const [problems, setProblems] = useState<Violation[] | null>(null);
  const [refused, setRefused] = useState<Violation[]>([]);
  const [busy, setBusy] = useState(false);
  if (!record) return null;
  const status = String(record.status);
  const name = String(record.name ?? record.id);

  /** Runs a transition; a rule refusal comes back as the list of violations, anything else as a notice. */
  const run = async (mutation: 'submitProject' | 'publishProject' | 'closeProject', done: string, reason?: string): Promise<boolean> => {
    setBusy(true);
    try {
      await gql(`mutation($id: ID!${mutation === 'closeProject' ? ', $reason: String' : ''}) { ${mutation}(id: $id${mutation === 'closeProject' ? ', reason: $reason' : ''}) { id status } }`,
        { id: record.id, ...(mutation === 'closeProject' ? { reason: reason ?? null } : {}) });
      notify(translate(done), { type: 'success' });
      refresh();
      return true;
    } catch (e) {
      const errors = graphqlErrors(e);
      const rules = errors.filter((x) => x.extensions?.code === 'RULE_VIOLATION');
      if (rules.length) setRefused(rules.map((x) => ({ rule: String(x.extensions!.rule), messageZh: String(x.extensions!.messageZh ?? x.message), messageEn: String(x.extensions!.messageEn ?? x.message), limit: null, actual: null, field: null })));
      else notify(errors.map(errorText).join('；'), { type: 'error', multiLine: true, autoHideDuration: 10_000 });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const canSubmit = m.operations.has('submitProject') && (status === 'draft' || status === 'rejected');
  const canPublish = m.operations.has('publishProject') && status === 'approved';
  const canClose = m.operations.has('closeProject') && status === 'published';
  if (!canSubmit && !canPublish && !canClose) return null;
  const closeSubmit = () => {
    setDialog(null);
    setProblems(null);
    setRefused([]);
  };
  return (
    <>
      {canSubmit && (
        <Button size="small" variant="contained" startIcon={<SendIcon />} onClick={() => setDialog('submit')} data-testid="project-submit">
          {translate('app.project.submit')}
        </Button>
      )}
      {canPublish && (
        <Button size="small" variant="contained" color="success" startIcon={<PublishIcon />} disabled={busy} data-testid="project-publish"
          onClick={() => void run('publishProject', 'app.project.published')}>
          {translate('app.project.publish')}
        </Button>
      )}
      {canClose && (
        <Button size="small" startIcon={<DoneAllIcon />} disabled={busy} onClick={() => setDialog('close')} data-testid="project-close">
          {translate('app.project.close')}
        </Button>
      )}
      <Dialog open={dialog === 'submit'} onClose={closeSubmit} fullWidth maxWidth="md">
        <DialogTitle>{translate('app.project.submit_title', { name })}</DialogTitle>
        <DialogContent>
          {dialog === 'submit' && <ProjectValidation id={record.id} onResult={setProblems} />}
          {problems && problems.length > 0 && <Alert severity="info" sx={{ mt: 1 }}>{translate('app.project.fix_first')}</Alert>}
          {refused.length > 0 && <ViolationList violations={refused} severity="error" testId="project-refused" />}
        </DialogContent>
        <DialogActions>
          <Button onClick={closeSubmit}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" disabled={busy || !problems || problems.length > 0} data-testid="project-submit-confirm"
            onClick={() => void run('submitProject', 'app.project.submitted').then((ok) => ok && closeSubmit())}>
            {translate('app.project.confirm_submit')}
          </Button>
        </DialogActions>
      </Dialog>
      <ReasonDialog open={dialog === 'close'} required={false} title={`${translate('app.project.close')}：${name}`} onClose={() => setDialog(null)}
        onConfirm={(reason) => {
          setDialog(null);
          void run('closeProject', 'app.project.closed', reason || undefined);
        }} />
    </>
  );
}
