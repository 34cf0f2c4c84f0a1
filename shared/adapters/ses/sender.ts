/** Who the emails are from, as the config names it. */
export interface Sender {
  from: string;
  senderName: string;
  replyTo?: string | undefined;
}

/** Printable ASCII: a display name of only these can go as an RFC 5322 quoted string. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** RFC 2047 §2: an encoded-word is at most 75 characters; `=?UTF-8?B?` and `?=` take 12. */
const MAX_WORD_BYTES = 45; // 60 base64 characters: 72 in all

/**
 * The From address with its display name, `"Name" <address>` (RFC 5322): the name quoted
 * (backslash and double quote escaped) when it is printable ASCII, otherwise as RFC 2047
 * encoded-words (`=?UTF-8?B?…?=`, never splitting a character), which is how SES takes a name
 * that is not ASCII. A control character can never break the header: it goes encoded.
 */
export function fromAddress(sender: Sender): string {
  return `${displayName(sender.senderName)} <${sender.from}>`;
}

function displayName(name: string): string {
  if (PRINTABLE_ASCII.test(name)) return `"${name.replace(/["\\]/g, "\\$&")}"`;
  return encodedWords(name).join(" ");
}

/** The name as UTF-8 base64 encoded-words, each of whole characters and at most 75 long. */
function encodedWords(name: string): string[] {
  const words: string[] = [];
  let chunk = "";
  for (const char of name) {
    if (Buffer.byteLength(chunk + char) > MAX_WORD_BYTES) {
      words.push(chunk);
      chunk = "";
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((part) => `=?UTF-8?B?${Buffer.from(part, "utf8").toString("base64")}?=`);
}
