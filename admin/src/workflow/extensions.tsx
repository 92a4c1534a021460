import type { ReactNode } from 'react';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import HowToRegIcon from '@mui/icons-material/HowToReg';
import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import SchoolIcon from '@mui/icons-material/School';
import { LinkBase } from 'ra-core';
import { Button, useRecordContext } from 'react-admin';
import type { Metadata } from '../meta';
import { ProjectActions } from './ProjectActions';

/**
 * Buttons the generated list and show pages add for some resources, linking to the
 * workflow screens (each only when the role may use that screen): the roster import on the
 * teacher list, the transcript on a teacher, attendance/assessment/credits on a class, the
 * next step of a project (submit, publish, close).
 */

export const mayImportTeachers = (m: Metadata) => !!m.byName.Teacher?.create?.allowed;
export const mayRunClasses = (m: Metadata) =>
  !!m.byName.Class && !!m.byName.Enrollment && (m.operations.has('recordAttendance') || m.operations.has('grantClassCredits'));
export const mayReadTranscript = (m: Metadata) => m.operations.has('teacherLedger') && !!m.byName.Teacher && !!m.byName.Cycle;

function LinkButton({ to, label, icon, testId }: { to: string; label: string; icon: ReactNode; testId: string }) {
  return (
    <Button component={LinkBase} to={to} label={label} data-testid={testId} onClick={(e: React.MouseEvent) => e.stopPropagation()}>
      {icon as React.ReactElement}
    </Button>
  );
}

function TranscriptButton() {
  const record = useRecordContext();
  if (!record) return null;
  return <LinkButton to={`/transcript?teacher=${encodeURIComponent(String(record.id))}`} label="app.workflow.transcript" icon={<ReceiptLongIcon />} testId="open-transcript" />;
}

function DeliveryButtons({ grant }: { grant: boolean }) {
  const record = useRecordContext();
  if (!record) return null;
  const to = `/delivery?class=${encodeURIComponent(String(record.id))}`;
  return (
    <>
      <LinkButton to={to} label="app.delivery.title" icon={<HowToRegIcon />} testId="open-delivery" />
      {grant && <LinkButton to={`${to}&tab=credits`} label="app.delivery.grant" icon={<SchoolIcon />} testId="open-grant" />}
    </>
  );
}

/** Extra buttons of a resource's list toolbar. */
export function listExtras(resource: string, m: Metadata): ReactNode {
  if (resource === 'Teacher' && mayImportTeachers(m))
    return <LinkButton to="/import/teachers" label="app.import.title" icon={<UploadFileIcon />} testId="open-import" />;
  return null;
}

/** Extra buttons of a record's show page. */
export function showExtras(resource: string, m: Metadata): ReactNode {
  if (resource === 'Teacher' && mayReadTranscript(m)) return <TranscriptButton />;
  if (resource === 'Class' && mayRunClasses(m)) return <DeliveryButtons grant={m.operations.has('grantClassCredits')} />;
  if (resource === 'Project') return <ProjectActions m={m} />;
  return null;
}
