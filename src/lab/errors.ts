// Program errors of the lab, coded (DESIGN §9): the message names what was wrong and the fix.
export class LabError extends Error {
  readonly code: string;
  constructor(code: `ERR_LAB_${string}`, message: string) {
    super(message);
    this.name = 'LabError';
    this.code = code;
  }
}
