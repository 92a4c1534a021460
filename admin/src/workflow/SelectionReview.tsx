import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CheckIcon from '@mui/icons-material/Check';
import CloseIcon from '@mui/icons-material/Close';
import { Datagrid, List, TopToolbar, Loading, useListContext, useNotify, usePermissions, useRefresh, useTranslate } from 'react-admin';
import { errorText, gql } from '../api';
import { fieldFor, useLocale } from '../generated/fields';
import type { Metadata } from '../meta';
import { graphqlErrors, ReasonDialog } from './common';

/** The C-3 step each reviewing role acts at. */
const STEP_OF_ROLE: Record<string, string> = { school: 'school', bureau: 'district', institution: 'institution' };

/** reviewSelections: all of the selected, or none (the server refuses the batch as a whole). */
function BulkDecision() {
  const { selectedIds, onUnselectItems } = useListContext();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const run = async (decision: 'approve' | 'reject', reason?: string) => {
    setBusy(true);
    try {
      const d = await gql<{ reviewSelections: { id: string }[] }>(
        `mutation($ids: [ID!]!, $decision: Decision!, $reason: String) { reviewSelections(ids: $ids, decision: $decision, reason: $reason) { id status } }`,
        { ids: selectedIds, decision, reason: reason ?? null },
      );
      notify(translate('app.workflow.done', { count: d.reviewSelections.length }), { type: 'success' });
      onUnselectItems();
      refresh();
    } catch (e) {
      notify(graphqlErrors(e).map(errorText).join('；'), { type: 'error', multiLine: true, autoHideDuration: 10_000 });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" color="success" startIcon={<CheckIcon />} disabled={busy} onClick={() => void run('approve')} data-testid="bulk-approve">
        {translate('app.workflow.approve_selected')}
      </Button>
      <Button size="small" color="warning" startIcon={<CloseIcon />} disabled={busy} onClick={() => setRejecting(true)} data-testid="bulk-reject">
        {translate('app.workflow.reject_selected')}
      </Button>
      <ReasonDialog
        open={rejecting}
        required
        title={translate('app.workflow.reject_selected')}
        onClose={() => setRejecting(false)}
        onConfirm={(reason) => {
          setRejecting(false);
          void run('reject', reason);
        }}
      />
    </>
  );
}

/** Pending selections waiting at the caller's review step: select several, approve or reject them together. */
export default function SelectionReview() {
  const translate = useTranslate();
  const locale = useLocale();
  const { permissions: m } = usePermissions<Metadata>();
  const r = m?.byName.Enrollment;
  if (!m || !r) return <Loading />;
  const step = STEP_OF_ROLE[m.role];
  const cols = ['teacherId', 'classId', 'schoolId', 'round', 'nominated', 'pendingStep', 'selectedAt']
    .map((n) => r.fields.find((f) => f.name === n))
    .filter((f) => !!f);
  return (
    <>
      <List
        title={translate('app.workflow.selections')}
        resource="Enrollment"
        filter={{ status: 'pending', ...(step ? { pendingStep: step } : {}) }}
        sort={{ field: 'selectedAt', order: 'ASC' }}
        actions={<TopToolbar />}
        disableSyncWithLocation
        perPage={50}
        empty={<Alert severity="info" sx={{ mt: 2 }}>{translate('app.workflow.empty')}</Alert>}
      >
        <Datagrid bulkActionButtons={<BulkDecision />} rowClick="toggleSelection">
          {cols.map((f) => fieldFor(f, m, locale))}
        </Datagrid>
      </List>
    </>
  );
}
