import { useEffect, useState } from 'react';
import { gql } from './api';

/** Each enabled plugin's own strings (`i18n` query): { plugin: { 'zh-CN': {...}, en: {...} } }. */
export type PluginStrings = Record<string, { 'zh-CN'?: Record<string, string>; en?: Record<string, string> }>;

let loading: Promise<PluginStrings> | null = null;

export function loadPluginStrings(): Promise<PluginStrings> {
  loading ??= gql<{ i18n: string }>(`{ i18n }`)
    .then((d) => JSON.parse(d.i18n) as PluginStrings)
    .catch(() => {
      loading = null;
      return {};
    });
  return loading;
}

/** The plugins' strings, once loaded (null before). */
export function usePluginStrings(): PluginStrings | null {
  const [strings, setStrings] = useState<PluginStrings | null>(null);
  useEffect(() => {
    let live = true;
    void loadPluginStrings().then((s) => live && setStrings(s));
    return () => {
      live = false;
    };
  }, []);
  return strings;
}

/** A plugin's string in a language, or undefined. */
export const pluginString = (s: PluginStrings | null, plugin: string, locale: string, key: string): string | undefined =>
  s?.[plugin]?.[locale === 'en' ? 'en' : 'zh-CN']?.[key];
