// Where the CLI gets the MFA code of a profile whose role has `mfa_serial`: `--mfa-code`, then
// DYNAMO_GUARD_MFA_CODE, then a prompt on the terminal; with none of them, a sentence saying so.
import type { MfaCodeProvider } from '../core/aws/clients';
import { mfaCodeNeeded } from '../core/aws/errors';
import { UsageError } from './args';
import { MFA_CODE_ENV, type CliIo } from './io';

/** MFA devices (virtual and hardware TOTP) show six digits; STS takes 6 to 64 characters, but no device makes others. */
const CODE = /^\d{6}$/;
const PROMPT_TRIES = 3;

/** How to give a code when the CLI cannot ask: the sentence's next step. */
export const MFA_HOW = `pass --mfa-code <code> or set ${MFA_CODE_ENV} (stdin is not a terminal, so the code cannot be asked for)`;

/** A given code, checked before any AWS call: a usage error (exit 2) when it is not six digits. */
export function checkedCode(code: string | undefined, source: string): string | undefined {
  if (code === undefined) return undefined;
  const trimmed = code.trim();
  if (!CODE.test(trimmed))
    throw new UsageError(`${source} must be the 6-digit code your MFA device shows, got "${code}"`);
  return trimmed;
}

/**
 * The MFA code provider of one CLI run. A code given on the command line or in the environment is
 * used as is (STS takes each code once, and the CLI asks STS once per profile and run); otherwise a
 * terminal on stdin is asked, up to three times for six digits.
 */
export function mfaCodeProvider(flag: string | undefined, io: CliIo): MfaCodeProvider {
  const given = checkedCode(flag, '--mfa-code') ?? checkedCode(io.env[MFA_CODE_ENV] || undefined, MFA_CODE_ENV);
  return async (serial, profile) => {
    if (given !== undefined) return given;
    const prompt = io.prompt;
    if (!prompt) throw mfaCodeNeeded(profile, MFA_HOW, serial);
    for (let attempt = 1; attempt <= PROMPT_TRIES; attempt++) {
      const answer = await prompt(`MFA code for ${serial}${profile ? ` (profile ${profile})` : ''}: `);
      if (answer === undefined)
        throw mfaCodeNeeded(
          profile,
          'none was entered; run again and type the code your MFA device shows, or pass --mfa-code <code>',
          serial,
        );
      if (CODE.test(answer.trim())) return answer.trim();
      io.stderr('The code is the 6 digits your MFA device shows.\n');
    }
    throw mfaCodeNeeded(
      profile,
      `${PROMPT_TRIES} answers were not 6 digits; run again with the code your MFA device shows`,
      serial,
    );
  };
}
