/** Types for tr46 (UTS #46 IDNA processing; the package ships none). */
declare module 'tr46' {
  interface Tr46Options {
    checkHyphens?: boolean;
    checkBidi?: boolean;
    checkJoiners?: boolean;
    useSTD3ASCIIRules?: boolean;
    verifyDNSLength?: boolean;
    transitionalProcessing?: boolean;
    ignoreInvalidPunycode?: boolean;
  }
  /** The A-label form, or null when the name is not a valid IDN. */
  export function toASCII(domain: string, options?: Tr46Options): string | null;
  export function toUnicode(domain: string, options?: Tr46Options): { domain: string; error: boolean };
}
