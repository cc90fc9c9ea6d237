/** A record's data that cannot be read (the parser adds file:line). */
export class RdataError extends Error {}
