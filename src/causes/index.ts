export * from './cause.ts';
export * from './ids.ts';
export * from './coverage.ts';
export { CATALOGUE, causeOf, allCauses } from './catalogue.ts';
