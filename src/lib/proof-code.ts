/**
 * The proof-of-control code (docs/registry-format.md, "Proof of control"): a short code
 * the unit puts on its page so the reviewer sees that whoever asked for the registration
 * can write on that page.
 *
 * Why a hash of public data is enough: what proves control is *who can write on the
 * page*, not the secrecy of the code. The reviewer computes the code from the
 * registration itself (canonical key of the page, unit id, registration date) and looks
 * for it on that page. An impostor who cannot post on the real page cannot make it show
 * the code; a code copied onto the impostor's own page names another key, so it does
 * not pass for that page either. Binding the unit id and the date stops an old code on
 * a page from being reused for another unit or a later claim.
 *
 * Pure: Web Crypto only, so the form, the CLI and the issue-to-PR workflow agree.
 */
import { canonicalize } from '../registry/facebook-url.ts';

/** Crockford base32: no I, L, O or U, so a code read off a screen is not mistyped. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PREFIX = 'CĐ';
/** 8 symbols × 5 bits = 40 bits: finding another key with the same code is out of reach. */
const SYMBOLS = 8;

/** The text hashed: one line per part, so no two different inputs join to the same text. */
function proofInput(key: string, unitId: string, date: string): string {
  return `danh-ba-cong-doan/proof/v1\n${key}\n${unitId}\n${date}`;
}

/** The code from the SHA-256 of `proofInput`: its first 40 bits in Crockford base32. */
function codeFromDigest(digest: Uint8Array): string {
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(digest[i]!);
  let symbols = '';
  for (let i = SYMBOLS - 1; i >= 0; i--) symbols += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return `${PREFIX}-${symbols.slice(0, 4)}-${symbols.slice(4)}`;
}

/** `CĐ-XXXX-XXXX` for a canonical account key (`name:…`, `id:…`, `group:…`), a unit id and a registration date. */
export async function proofCodeForKey(key: string, unitId: string, date: string): Promise<string> {
  return codeFromDigest(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(proofInput(key, unitId, date)))));
}

/** The same code with a synchronous SHA-256 (Node's `crypto.hash`), for commands that are not async. */
export function proofCodeForKeySync(key: string, unitId: string, date: string, sha256: (text: string) => Uint8Array): string {
  return codeFromDigest(sha256(proofInput(key, unitId, date)));
}

export type ProofCodeResult = { ok: true; code: string; key: string } | { ok: false; message: string };

/** The code for an address as pasted (any spelling of the same account gives the same code). */
export async function proofCode(url: string, unitId: string, date: string): Promise<ProofCodeResult> {
  const canonical = canonicalize(url);
  if (!canonical.ok) return { ok: false, message: canonical.message };
  return { ok: true, code: await proofCodeForKey(canonical.key, unitId, date), key: canonical.key };
}

/**
 * Whether a text read off the page carries this code. Forgiving about what people retype:
 * case, spaces, D for Đ, and the look-alikes Crockford decodes (O→0, I/L→1).
 */
export function textShowsProofCode(text: string, code: string): boolean {
  const normalize = (s: string) => s.toUpperCase().replace(/Đ/g, 'D').replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return normalize(text).includes(normalize(code));
}
