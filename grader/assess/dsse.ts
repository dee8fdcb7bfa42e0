// DSSE envelopes (github.com/secure-systems-lab/dsse, v1.0) signed with Ed25519 from node:crypto.
// The signature covers the pre-authentication encoding (PAE) of the payload and its type, so
// neither can be swapped without the signature failing.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";

export interface DsseSignature {
  keyid: string;
  sig: string;
}

export interface DsseEnvelope {
  payload: string;
  payloadType: string;
  signatures: DsseSignature[];
}

export interface SigningKey {
  /** PKCS#8 PEM. */
  privateKey: string;
  /** SPKI PEM. */
  publicKey: string;
  keyId: string;
}

export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const publicPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  return { privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), publicKey: publicPem, keyId: keyIdOf(publicKey) };
}

/** The first 16 hex digits of the SHA-256 of the public key's DER: short enough to read, long enough not to collide. */
export function keyIdOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  return createHash("sha256").update(key.export({ type: "spki", format: "der" })).digest("hex").slice(0, 16);
}

/** DSSE's pre-authentication encoding: "DSSEv1" SP len(type) SP type SP len(body) SP body. */
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, "utf8");
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}

export function signEnvelope(payloadType: string, payload: Buffer, key: Pick<SigningKey, "privateKey" | "keyId">): DsseEnvelope {
  const sig = sign(null, pae(payloadType, payload), createPrivateKey(key.privateKey));
  return { payload: payload.toString("base64"), payloadType, signatures: [{ keyid: key.keyId, sig: sig.toString("base64") }] };
}

/** Whether any signature of the envelope verifies with `publicKey` (SPKI PEM). A malformed key or signature is simply "no". */
export function verifyEnvelope(envelope: DsseEnvelope, publicKey: string): boolean {
  let key: KeyObject;
  try {
    key = createPublicKey(publicKey);
  } catch {
    return false;
  }
  const message = pae(envelope.payloadType, Buffer.from(envelope.payload, "base64"));
  return envelope.signatures.some((s) => {
    try {
      return verify(null, message, key, Buffer.from(s.sig, "base64"));
    } catch {
      return false;
    }
  });
}

/** The envelope's shape checked, so a hand-edited file is a finding rather than a crash. */
export function parseEnvelope(text: string): DsseEnvelope | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return `the envelope is not JSON (${(err as Error).message})`;
  }
  const e = raw as Partial<DsseEnvelope> | null;
  if (typeof e?.payload !== "string" || typeof e.payloadType !== "string" || !Array.isArray(e.signatures)) {
    return "the envelope lacks payload, payloadType or signatures";
  }
  const signatures = e.signatures.filter((s): s is DsseSignature => typeof s?.sig === "string" && typeof s.keyid === "string");
  if (!signatures.length) return "the envelope has no signature";
  return { payload: e.payload, payloadType: e.payloadType, signatures };
}
