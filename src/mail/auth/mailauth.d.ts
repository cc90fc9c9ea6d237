/** Types for the parts of mailauth 4.13.3 that netdoctor reaches past its public API. */
declare module 'mailauth/lib/spf/spf-verify.js' {
  interface SpfVerifyOutcome {
    type?: string;
    val?: string;
    qualifier?: string;
    include?: SpfVerifyOutcome;
    error?: string;
    text?: string;
    rr?: string;
  }
  const spfVerifyModule: {
    spfVerify(domain: string, opts: Record<string, unknown>): Promise<SpfVerifyOutcome | false>;
  };
  export default spfVerifyModule;
}
