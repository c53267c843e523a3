import type { RedactionEntity } from '../../../lib/redaction';
import type { Role } from '../../../lib/roles';

/** One account of the business (an agent, a supervisor or an admin). */
export interface Account {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  teamIds: string[];
  /** `client:<name>`, E.164 numbers (`+972…`) and `sip:` URIs: a call from or to one is attributed to the account. */
  identities: string[];
  disabled: boolean;
}

export interface AccountList {
  items: Account[];
}

/** A named group of accounts; it may own some of the business's numbers and has supervisors. */
export interface Team {
  id: string;
  name: string;
  phoneNumbers: string[];
  supervisorIds: string[];
  /** Set on the accounts (their `teamIds`), read only here. */
  memberIds: string[];
}

export interface TeamList {
  items: Team[];
}

/** Days after a call's start that its audio and its transcript are kept (null: for ever). */
export interface Retention {
  audioDays: number | null;
  transcriptDays: number | null;
}

export const AGENTS_SEE = ['own', 'team', 'business'] as const;
export type AgentsSee = (typeof AGENTS_SEE)[number];

export const REDACTION_AUDIO = ['silence', 'beep'] as const;
export const REDACTION_ORIGINAL = ['delete', 'keep'] as const;

/** What the business removes from its calls' audio and transcripts, and how. */
export interface RedactionSettings {
  enabled: boolean;
  entities: RedactionEntity[];
  /** What replaces a removed stretch of audio: silence or a 1 kHz tone. */
  audio: (typeof REDACTION_AUDIO)[number];
  /** The unredacted original: deleted, or kept encrypted (needs the operator's master key; admins may play it). */
  original: (typeof REDACTION_ORIGINAL)[number];
}

export interface Settings {
  agentsSee: AgentsSee;
  /** Absent from servers before redaction. */
  redaction?: RedactionSettings;
  /** The business's own numbers (read only): the ones a team may own. */
  phoneNumbers: string[];
}

/** What PUT /api/manage/settings takes: `redaction` left out stays as it is. */
export interface SettingsChanges {
  agentsSee: AgentsSee;
  redaction?: RedactionSettings;
}

export const AUDIT_ACTIONS = [
  'play',
  'play_original',
  'download',
  'view',
  'prepare',
  'agent_created',
  'agent_changed',
  'agent_disabled',
  'password_reset',
  'team_changed',
  'retention_changed',
  'settings_changed',
  'attribution_changed',
  'audit_exported',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  at: string;
  action: AuditAction | string;
  agentEmail: string;
  businessId: string;
  callSid: string | null;
  recordingSid: string | null;
  ip: string | null;
  userAgent: string | null;
  target: string | null;
  detail: string | null;
}

export interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
  total: number;
  totalIsEstimate: boolean;
}

/** A call's agents and teams after its attribution was corrected. */
export interface CallAttribution {
  agents: { id: string; displayName: string }[];
  teams: { id: string; name: string }[];
}

/** Every query of this feature starts with this key, so that one write can refresh what it changed. */
export const manageKey = ['manage'] as const;
