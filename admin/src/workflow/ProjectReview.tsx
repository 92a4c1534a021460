import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import CheckIcon from '@mui/icons-material/Check';
import UndoIcon from '@mui/icons-material/Undo';
import { Datagrid, List, TopToolbar, Loading, useNotify, usePermissions, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { errorText, gql } from '../api';
import { fieldFor, useLocale } from '../generated/fields';
import type { Metadata } from '../meta';
import { graphqlErrors, ReasonDialog } from './common';
import { ProjectValidation } from './ProjectValidation';

/** validateProject for the expanded row. */
function ValidationPanel() {
  const record = useRecordContext();
  return record ? <ProjectValidation id={record.id} /> : null;
}

function DecisionButtons() {
  const record = useRecordContext();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!record) return null;
  const run = async (mutation: 'approveProject' | 'rejectProject', reason?: string) => {
    setBusy(true);
    try {
      await gql(`mutation($id: ID!, $reason: String${mutation === 'rejectProject' ? '!' : ''}) { ${mutation}(id: $id, reason: $reason) { id status } }`, { id: record.id, reason: reason ?? null });
      notify(translate('app.workflow.done', { count: 1 }), { type: 'success' });
      refresh();
    } catch (e) {
      notify(graphqlErrors(e).map(errorText).join('；'), { type: 'error', multiLine: true, autoHideDuration: 10_000 });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack direction="row" spacing={1} onClick={(e) => e.stopPropagation()}>
      <Button size="small" sx={{ whiteSpace: 'nowrap' }} variant="contained" color="success" startIcon={<CheckIcon />} disabled={busy} onClick={() => void run('approveProject')} data-testid="approve">
        {translate('app.workflow.approve')}
      </Button>
      <Button size="small" sx={{ whiteSpace: 'nowrap' }} variant="outlined" color="warning" startIcon={<UndoIcon />} disabled={busy} onClick={() => setRejecting(true)} data-testid="reject">
        {translate('app.workflow.reject')}
      </Button>
      <ReasonDialog
        open={rejecting}
        required
        title={`${translate('app.workflow.reject')}：${String(record.name ?? record.id)}`}
        onClose={() => setRejecting(false)}
        onConfirm={(reason) => {
          setRejecting(false);
          void run('rejectProject', reason);
        }}
      />
    </Stack>
  );
}

/** Submitted projects in the bureau's region: check each against the rules, approve or send back with a reason. */
export default function ProjectReview() {
  const translate = useTranslate();
  const locale = useLocale();
  const { permissions: m } = usePermissions<Metadata>();
  const r = m?.byName.Project;
  if (!m || !r) return <Loading />;
  const cols = ['name', 'institutionId', 'regionId', 'level', 'subject', 'hours', 'credits', 'startDate']
    .map((n) => r.fields.find((f) => f.name === n))
    .filter((f) => !!f);
  return (
    <>
      <List title={translate('app.workflow.projects')} resource="Project" filter={{ status: 'submitted' }} sort={{ field: 'id', order: 'ASC' }} actions={<TopToolbar />} disableSyncWithLocation
        empty={<Alert severity="info" sx={{ mt: 2 }}>{translate('app.workflow.empty')}</Alert>}>
        <Datagrid rowClick="expand" expand={<ValidationPanel />} bulkActionButtons={false}>
          {cols.map((f) => fieldFor(f, m, locale))}
          <DecisionButtons />
        </Datagrid>
      </List>
    </>
  );
}
