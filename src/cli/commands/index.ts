/** The CLI's capabilities, in the order `netdoctor --help` lists them. One line per capability. */
import type { Capability } from '../command.js';
import { dnsCommand } from './dns.js';

export const capabilities: readonly Capability[] = [dnsCommand];
