// The catalogue's public face: its types, ids, coverage maps and the assembled catalogue.
export * from './cause.ts';
export * from './ids.ts';
export * from './coverage.ts';
export { CATALOGUE, causeOf, allCauses } from './catalogue.ts';
