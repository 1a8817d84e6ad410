// The config layer's public API: the model, the YAML loader, quick mode and the error classes.
export type * from './model.ts';
export * from './defaults.ts';
export { CONFIG_ERROR_CODES, CONFIG_ERROR_MEANINGS, CONFIG_WARNING_MEANINGS, ConfigError, ConfigErrors, formatProblem } from './errors.ts';
export type { ConfigErrorCode, ConfigIssue, ConfigLocation, ConfigProblem, ConfigWarning, ConfigWarningCode } from './errors.ts';
export { checkConfigFile, checkConfigText, loadConfigFile, parseConfigText } from './load.ts';
export type { ConfigCheck, ParseOptions } from './load.ts';
export { COMMAND_LINE, QUICK_POOL, configFromFlags } from './flags.ts';
export type { QuickFlags } from './flags.ts';
export { formatDuration, formatSize, parseDuration, parseSize } from './units.ts';
export { isLoopback, parseListen, parseTargetUrl } from './addresses.ts';
