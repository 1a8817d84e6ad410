// The doctor's public API (used by the CLI, tests and benchmarks).
export { runDoctor, type DoctorOptions, type DoctorResult } from './run.ts';
export { buildReport, type DoctorReport } from './report/model.ts';
export { renderTerminal } from './report/terminal.ts';
export { renderMarkdown } from './report/markdown.ts';
export { renderHtml } from './report/html.ts';
export { DOCTOR_COVERAGE, LOG_FAMILIES } from './rules/coverage.ts';
export { FORMAT_IDS, isFormatId, type FormatId, type LogEvent } from './event.ts';
export { LogFormatError } from './formats/nginx-template.ts';
export { InputError } from './inputs.ts';
export { CloudTrailError } from './infer/cloudtrail.ts';
export type { PerRequestRecord } from './engine/scanner.ts';
