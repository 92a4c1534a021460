import type { PluginEntry } from './core/plugin-host/types.js';

/** Enabled region plugins and their options (see plugins/README.md). */
const plugins: PluginEntry[] = [];
export default plugins;
