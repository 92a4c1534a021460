import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import { Loading, useTranslate } from 'react-admin';
import { errorText, gql } from '../api';
import { useLocale } from '../generated/fields';
import { graphqlErrors } from './common';

export interface Violation { rule: string; messageZh: string; messageEn: string; limit: unknown; actual: unknown; field: string | null }

/** A list of rule violations, each with its rule id, in the console's language. */
export function ViolationList({ violations, severity = 'warning', testId }: { violations: Violation[]; severity?: 'warning' | 'error'; testId: string }) {
  const translate = useTranslate();
  const locale = useLocale();
  return (
    <Alert severity={severity} data-testid={testId}>
      {translate('app.workflow.problems', { count: violations.length })}
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {violations.map((v, i) => (
          <li key={i}>
            <b>{v.rule}</b> {locale === 'en' ? v.messageEn : v.messageZh}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

/** validateProject: every rule a submission checks, run now, nothing changed. `onResult` gets the violations. */
export function ProjectValidation({ id, onResult }: { id: string | number; onResult?: (violations: Violation[]) => void }) {
  const translate = useTranslate();
  const [result, setResult] = useState<Violation[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    gql<{ validateProject: Violation[] }>(`query($id: ID!) { validateProject(id: $id) { rule messageZh messageEn limit actual field } }`, { id })
      .then((d) => {
        setResult(d.validateProject);
        onResult?.(d.validateProject);
      })
      .catch((e) => setError(graphqlErrors(e).map(errorText).join('；')));
  }, [id]);
  if (error) return <Alert severity="error">{error}</Alert>;
  if (!result) return <Loading />;
  if (!result.length) return <Alert severity="success" data-testid="validation-ok">{translate('app.workflow.no_problems')}</Alert>;
  return <ViolationList violations={result} testId="validation-problems" />;
}
