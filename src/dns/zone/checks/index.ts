/**
 * Every zone check, one file each, sorted by finding id. A check added to the folder and not here
 * would be silently skipped: checks.test.ts compares this list with the folder.
 */
import type { ZoneCheck } from '../lint/check.js';
import { check as cdsMismatch } from './zone.cds.mismatch.js';
import { check as cnameOtherData } from './zone.cname.other-data.js';
import { check as dataOccluded } from './zone.data.occluded.js';
import { check as dsAtApex } from './zone.ds.at-apex.js';
import { check as generateUsed } from './zone.generate.used.js';
import { check as glueMissing } from './zone.glue.missing.js';
import { check as loaded } from './zone.loaded.js';
import { check as nameMissingDot } from './zone.name.missing-dot.js';
import { check as nameNotHostname } from './zone.name.not-hostname.js';
import { check as nameOutsideZone } from './zone.name.outside-zone.js';
import { check as nsMissing } from './zone.ns.missing.js';
import { check as nsec3BadOwner } from './zone.nsec3.bad-owner.js';
import { check as ptrMissing } from './zone.ptr.missing.js';
import { check as ptrMultiple } from './zone.ptr.multiple.js';
import { check as ptrNoForward } from './zone.ptr.no-forward.js';
import { check as ptrOtherName } from './zone.ptr.other-name.js';
import { check as recordDuplicate } from './zone.record.duplicate.js';
import { check as reverseZoneMissing } from './zone.reverse.zone-missing.js';
import { check as serialBadDate } from './zone.serial.bad-date.js';
import { check as serialFuture } from './zone.serial.future.js';
import { check as soaMissing } from './zone.soa.missing.js';
import { check as soaTimers } from './zone.soa.timers.js';
import { check as syntaxError } from './zone.syntax.error.js';
import { check as targetBelowDname } from './zone.target.below-dname.js';
import { check as targetCname } from './zone.target.cname.js';
import { check as targetIsAddress } from './zone.target.is-address.js';
import { check as targetNoAddress } from './zone.target.no-address.js';
import { check as ttlMismatch } from './zone.ttl.mismatch.js';
import { check as ttlUnusual } from './zone.ttl.unusual.js';
import { check as txtPolicyInvalid } from './zone.txt.policy-invalid.js';

export const ZONE_CHECKS: readonly ZoneCheck[] = [
  cdsMismatch,
  cnameOtherData,
  dataOccluded,
  dsAtApex,
  generateUsed,
  glueMissing,
  loaded,
  nameMissingDot,
  nameNotHostname,
  nameOutsideZone,
  nsMissing,
  nsec3BadOwner,
  ptrMissing,
  ptrMultiple,
  ptrNoForward,
  ptrOtherName,
  recordDuplicate,
  reverseZoneMissing,
  serialBadDate,
  serialFuture,
  soaMissing,
  soaTimers,
  syntaxError,
  targetBelowDname,
  targetCname,
  targetIsAddress,
  targetNoAddress,
  ttlMismatch,
  ttlUnusual,
  txtPolicyInvalid,
];
