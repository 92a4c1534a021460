/** A broken plugins.config.ts or plugin: the message is one line naming the plugin and the problem. */
export class PluginConfigError extends Error {
  override name = 'PluginConfigError';
}
