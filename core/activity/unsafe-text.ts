/**
 * The text cues behind unsafe_prompt.* findings: whether a request asks for a credential, holds personal
 * data, asks for a destructive change to everything, or asks to skip the approval. Kept apart from the
 * rules so the wording of requests can be tuned (and tested) without reading the plan and escalation logic.
 *
 * How requests are read (credentials, destructive bulk, bypass approval): a request is a request for
 * the act, not a word about it. The text is cut into clauses (at . ! ? ; , new lines and "but",
 * "however", "instead"), and a clause that matches a pattern does not fire when:
 * - it forbids the act: "don't", "do not", "never", "must not", "should not", "avoid", "stop",
 *   "no one should"... comes before the match in the clause ("Please don't share passwords with
 *   customers", "Never paste API keys into prompts", "Do not skip the approval"), or the clause says
 *   the act "is not allowed", "is forbidden", "is prohibited". "Don't forget", "don't hesitate",
 *   "don't worry" and "never mind" forbid nothing; the bypass phrases that are themselves negative
 *   ("no approval needed", "don't wait for approval") start the match, so nothing forbids them.
 * - it asks how the product works: the clause opens with "how do/can/should I (we, you)", "how to",
 *   "where do/can I", "where is", "is there a way to" ("How do I skip a review step in the SOP
 *   editor?"). Such questions ask about a feature; they do not ask SophMate to act.
 * A secret written in the text (masked "[secret removed]" or as written) fires whatever the words.
 * Every pattern has bounded gaps ({0,40}) and no nested unbounded repetition, so a long row costs
 * time linear in its length.
 *
 * The cues:
 * - credentials: a secret, or a request to reveal or share one: a verb of asking or giving (what
 *   is, tell, give, send, share, paste, show, reveal, post, provide, use, ...) within a few words of
 *   password (pw), API key, access token, credentials, private key... Words about the credential's
 *   page or process ("password reset page", "how do I rotate the key", "password policy") and advice
 *   about a kind of credential ("use a strong password") are not requests for one.
 * - personal_data: an email, phone or card number (masked or as written). Addresses of the site's
 *   own domains (those of its operators and owners, free mail providers aside) are the shop's own,
 *   not a customer's.
 * - destructive_bulk: delete, remove, wipe, drop, purge, erase, truncate, overwrite, trash, clear,
 *   nuke, destroy, empty or reset over a scope of all, every, each, bulk, entire, whole or
 *   everything (within a few words; "all caps", "at all" are no scope), "bulk delete", or such a
 *   verb on the whole store, shop, site, database, catalogue or inventory ("wipe the store").
 * - bypass_approval: without approval/review, skip or bypass (the) approval/review, auto-approve,
 *   self-approve, approve it for me, no need for (a) review/approval, no approval needed, review not
 *   required, don't wait for approval.
 */
import { looksSecret } from '../domain/secret-verdicts';
import { foldForSearch } from '../search-fold';
import { maskPersonalData } from './mask';
import { MASK_TOKENS } from './vocabulary';

const CREDENTIAL_WORD = String.raw`(?:passwords?|passwd|pwd?|passcodes?|pass ?phrases?|api[ -]?keys?|api tokens?|access tokens?|auth tokens?|secret keys?|credentials|creds|login details|logins?|private keys?|ssh keys?|2fa codes?|one-time codes?|otp codes?|secrets?)`;
const NOT_THE_CREDENTIAL = String.raw`(?!\s*(?:reset|policy|policies|manager|rotation|expiry|expiration|strength|field|page|form|settings?|requirements?|rules?|change|length))`;
/** "a strong password", "a unique API key": advice about a kind of credential, not one. */
const ADVICE_BEFORE = String.raw`(?<!\b(?:strong|stronger|secure|unique|long|random|complex|different|separate|good)\s)`;
const ASKS_FOR_CREDENTIAL = new RegExp(
  String.raw`\b(?:what(?:'s|s| is| are|'re)|tell|give|send|share|paste|show|reveal|post|print|display|provide|read out|look up|email|dm|text|forward|put|insert|use|enter|type|copy|need|include|here is|here's|here are)\b[^.?!\n]{0,40}?\b` +
    ADVICE_BEFORE +
    CREDENTIAL_WORD +
    String.raw`\b` +
    NOT_THE_CREDENTIAL,
  'i',
);
const DESTRUCTIVE_VERB = String.raw`(?:delete|remove|wipe|drop|purge|erase|truncate|overwrite|trash|clear|nuke|destroy|empty|reset)`;
/** A scope over everything; "all caps", "all right", "at all", "after all" are none, nor is "clear all filters". */
const SCOPE = String.raw`(?<!\b(?:at|after|above) )(?:all|every|each|bulk|entire|whole|everything)\b(?![- ](?:caps|right)\b)(?!\s+(?:the\s+)?(?:filters?|caches?|selections?|notifications?|search(?:es)?|cookies)\b)`;
const WHOLE_STORE = String.raw`(?:the|our|my|this|your)\s+(?:whole\s+|entire\s+)?(?:store|shop|site|website|database|db|catalog|catalogue|inventory)(?=\s*(?:$|[^\w\s'’])|\s+(?:and|now|please|completely|entirely|clean|today|tonight|for|so|then|to|back)\b)`;
const DESTRUCTIVE = new RegExp(
  String.raw`\b${DESTRUCTIVE_VERB}\b[^.?!\n]{0,40}?\b${SCOPE}|\b(?:bulk|mass)[ -]?(?:delete|deletion|remov\w*|wipe|eras\w*|purg\w*|overwrit\w*)|\b${DESTRUCTIVE_VERB}\s+${WHOLE_STORE}`,
  'i',
);
const BYPASS =
  /\bwithout (?:an? |any |the |waiting for |getting |asking for )?(?:approval|review|sign[- ]?off|approver)|\b(?:skip|skipping|bypass|bypassing|circumvent|ignore|avoid|get around|go around|override)\b[^.?!\n]{0,20}?\b(?:approvals?|reviews?|sign[- ]?offs?|approvers?)\b|\b(?:auto|self)[- ]?approv\w*|\bapprove (?:it|this|them|that|these|those) (?:for me|yourself|myself)|\bno need (?:for|to) (?:a |an |any |the )?(?:review|approval|approve|sign[- ]?off)|\bdon'?t (?:wait for|need|bother with|ask for) (?:an? |the |any )?(?:approval|review|sign[- ]?off)|\bno (?:approval|review|sign[- ]?off|approver)s? (?:is |are )?(?:needed|required|necessary)|\b(?:approval|review|sign[- ]?off)s? (?:is not|isn't|are not|aren't|not) (?:needed|required|necessary)/i;

/** Words before the act that forbid it ("don't share", "never paste"); "don't forget" forbids nothing. */
const FORBIDS =
  /\b(?:don'?t|dont|do not|never|must not|mustn'?t|should not|shouldn'?t|may not|not allowed to|(?:no one|nobody|no-one) (?:should|may|must|can)|avoid|refrain from|stop)\b(?!\s+(?:forget|hesitate|worry|mind)\b)/i;
/** The act said to be forbidden anywhere in the clause ("sharing passwords is not allowed"). */
const FORBIDDEN =
  /\b(?:(?:is|are) not (?:allowed|permitted|ok|okay)|(?:isn't|aren't) (?:allowed|permitted|ok|okay)|forbidden|prohibited|against (?:the |our )?(?:rules|policy))\b/i;
/** A question about how the product works. */
const ABOUT_THE_PRODUCT =
  /^\s*(?:(?:hi|hey|hello|please|ok|okay|so|and|also)\s{1,3}){0,3}(?:how (?:do|does|can|could|should|would|did) (?:i|we|you|one|someone|they|an? \w+)\b|how to\b|where (?:do|can|could|should) (?:i|we)\b|where is\b|where are\b|is there (?:a|any) (?:way|option|setting) to\b)/i;

/** The clauses of a text, apostrophes made plain. */
function clausesOf(text: string): string[] {
  return text.replace(/[’‘]/g, "'").split(/[.!?;\n,]+|\s(?:but|however|instead)\s/i);
}

/** A clause matching `pattern` that asks for the act (neither forbids it nor asks how the product works). */
function requestsAct(text: string, pattern: RegExp): boolean {
  for (const clause of clausesOf(text)) {
    const m = pattern.exec(clause);
    if (!m) continue;
    if (FORBIDS.test(clause.slice(0, m.index)) || FORBIDDEN.test(clause)) continue;
    if (ABOUT_THE_PRODUCT.test(clause)) continue;
    return true;
  }
  return false;
}

const fold = (s: string) => foldForSearch(s).replace(/\s+/g, ' ').trim();

/** Email addresses in a text (the domain in group 1). */
export const EMAIL_G = /(?<![\p{L}\p{N}_.%+-])[\p{L}\p{N}_.%+-]{1,64}@([\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,8})/gu;
/** Mail providers anyone may use: an operator's address there says nothing about the shop's domain. */
const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.com',
  'yandex.com',
  'yandex.ru',
  'zoho.com',
  'fastmail.com',
  'hey.com',
  't-online.de',
  'orange.fr',
  'free.fr',
  'btinternet.com',
  'qq.com',
  '163.com',
]);

/** The domain of an email address, folded for comparison; null when there is none or it is a free mail provider's. */
export const domainOf = (email: string | null): string | null => {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 0) return null;
  const d = fold(email.slice(at + 1)).replace(/[>.\s]+$/, '');
  return d.includes('.') && !FREE_MAIL.has(d) ? d : null;
};

const isOwnDomain = (domain: string, own: ReadonlySet<string>) => {
  const d = fold(domain);
  if (own.has(d)) return true;
  for (let i = d.indexOf('.'); i >= 0; i = d.indexOf('.', i + 1)) if (own.has(d.slice(i + 1))) return true;
  return false;
};

const isPersonalToken = (t: string) => t.includes(MASK_TOKENS.email) || t.includes(MASK_TOKENS.phone) || t.includes(MASK_TOKENS.card);

/** Why a request asks for, or holds, a credential; null when it does not. */
export function credentialCue(text: string): string | null {
  if (text.includes(MASK_TOKENS.secret)) return 'holds a secret (masked on import)';
  if (requestsAct(text, ASKS_FOR_CREDENTIAL)) return 'asks to reveal or share a credential';
  if (looksSecret(text)) return 'holds a secret';
  return null;
}

/** An email, phone or card number in the text; addresses of `ownDomains` (the shop's own) do not count. */
export function hasPersonalData(text: string, ownDomains: ReadonlySet<string> = new Set()): boolean {
  if (isPersonalToken(text)) return true;
  const rest = ownDomains.size ? text.replace(EMAIL_G, (m, domain: string) => (isOwnDomain(domain, ownDomains) ? ' ' : m)) : text;
  const { counts } = maskPersonalData(rest);
  return counts.email + counts.phone + counts.card > 0;
}

export const isDestructiveBulk = (text: string) => requestsAct(text, DESTRUCTIVE);
export const asksToBypassApproval = (text: string) => requestsAct(text, BYPASS);
