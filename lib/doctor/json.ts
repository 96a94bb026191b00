// The stable JSON shape of a diagnosis (the CLI's --json): every key always present, null
// where the log does not say.
import type { Lang } from '../i18n';
import type { Diagnosis, DoctorCode } from './diagnose';

export interface DiagnosisJson {
  verdict: DoctorCode;
  findings: { code: string; hop: number | null; message: string; fix: string | null }[];
  hops: {
    host: string;
    port: number | null;
    user: string | null;
    authenticated: boolean;
    offered: { path: string; fingerprint: string | null }[];
    accepted: { path: string; fingerprint: string | null } | null;
  }[];
}

export function diagnosisJson(d: Diagnosis, lang: Lang): DiagnosisJson {
  const key = (k: { path: string; fingerprint?: string }) => ({ path: k.path, fingerprint: k.fingerprint ?? null });
  return {
    verdict: d.verdict,
    findings: d.findings.map((f) => ({ code: f.code, hop: f.hop, message: f.message[lang], fix: f.fix?.text ?? null })),
    hops: d.hops.map((h) => ({
      host: h.host,
      port: h.port ?? null,
      user: h.user ?? null,
      authenticated: h.authenticated,
      offered: h.offered.map(key),
      accepted: h.accepted ? key(h.accepted) : null,
    })),
  };
}
