/** A record's data that cannot be read (the parser adds file:line). */
import { ZoneLineProblem } from './syntax-messages.js';

export class RdataError extends ZoneLineProblem {}
