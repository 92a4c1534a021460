import { useState } from 'react';
import CircularProgress from '@mui/material/CircularProgress';
import DownloadIcon from '@mui/icons-material/FileDownload';
import { Button, useListContext, useNotify, useTranslate } from 'react-admin';
import type { ResourceMeta } from '../meta';
import { downloadFile } from './download';

/** The list's filter as the data provider sends it (empty values dropped). */
export function cleanFilter(filter: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filter ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length)));
}

/** GET /export/<Resource>.xlsx with the list's current filter and sort (core/import/export.ts). */
export function exportUrl(r: ResourceMeta, filter: Record<string, unknown>, sort?: { field: string; order: string }): string {
  const params = new URLSearchParams();
  const f = cleanFilter(filter);
  if (Object.keys(f).length) params.set('filter', JSON.stringify(f));
  const s = sort && r.sortable.includes(sort.field) ? sort : { field: r.defaultSort, order: r.defaultOrder };
  params.set('sort', s.field);
  params.set('order', s.order);
  return `/export/${encodeURIComponent(r.name)}.xlsx?${params.toString()}`;
}

/**
 * "Export to Excel" on every generated list: the rows the list shows under its current
 * filter (all pages, the server's scope) as an .xlsx, labelled as the console labels them.
 */
export function ExportExcelButton({ r }: { r: ResourceMeta }) {
  const { filter, filterValues, sort, total } = useListContext();
  const translate = useTranslate();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const name = await downloadFile(exportUrl(r, { ...filterValues, ...(filter ?? {}) }, sort), `${r.plural}.xlsx`);
      notify(translate('app.excel.exported', { name }), { type: 'success' });
    } catch (e) {
      notify((e as Error).message, { type: 'error', multiLine: true, autoHideDuration: 10_000 });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      label="app.excel.export"
      onClick={() => void run()}
      disabled={busy || total === 0}
      data-testid="export-excel"
      title={total ? translate('app.excel.export_hint', { count: total }) : undefined}
    >
      {busy ? <CircularProgress size={16} /> : <DownloadIcon />}
    </Button>
  );
}
