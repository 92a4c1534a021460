import { useState } from 'react';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useTranslate } from 'react-admin';
import type { GqlError } from '../api';

/** The GraphQL errors behind a failed `gql` call (each rule violation is its own error). */
export const graphqlErrors = (e: unknown): GqlError[] =>
  ((e as { body?: { graphqlErrors?: GqlError[] } }).body?.graphqlErrors ?? [{ message: (e as Error).message }]) as GqlError[];

/** Asks for a reason (required when `required`), then calls onConfirm with it. */
export function ReasonDialog({
  open, title, required, onClose, onConfirm,
}: { open: boolean; title: string; required: boolean; onClose: () => void; onConfirm: (reason: string) => void }) {
  const translate = useTranslate();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const missing = required && !reason.trim();
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <TextField
          autoFocus
          fullWidth
          multiline
          minRows={3}
          margin="dense"
          label={translate('app.workflow.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          onBlur={() => setTouched(true)}
          error={touched && missing}
          helperText={touched && missing ? translate('app.workflow.reason_required') : ' '}
          slotProps={{ htmlInput: { 'data-testid': 'reason-input' } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button
          variant="contained"
          data-testid="reason-confirm"
          onClick={() => {
            setTouched(true);
            if (missing) return;
            onConfirm(reason.trim());
            setReason('');
            setTouched(false);
          }}
        >
          {translate('ra.action.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
