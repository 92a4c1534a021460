import type { PluginEntry } from './core/plugin-host/types.js';
import chongqing from './plugins/chongqing/index.js';
import yuhang from './plugins/yuhang/index.js';
import zhejiang from './plugins/zhejiang/index.js';

/**
 * Enabled region plugins, each with its options (defaults merged in, checked at start-up).
 * Remove a line to disable a plugin: its tables stay, its types, forms and rules go.
 */
const plugins: PluginEntry[] = [
  chongqing(),
  zhejiang(),
  yuhang(),
];

export default plugins;
