// The date field of the figures pages (DateFilter in figures.tsx) as a small state machine. It
// shows either the date the figures are for, as the server sends it, or what the user typed —
// never a mix of both. A date that arrives while someone is in the field, or while typed text
// waits to be asked for, is kept aside: shown when the field is left with nothing typed, or
// when a date is asked for from outside the field (a quick-date button).
//
// Why: the field once held "16/03/201231/03/2012". The server's date was written into the field
// after a check that nobody was in it, but one render later: a browser (Playwright's fill) had
// meanwhile selected the field's text to replace it, the late write moved the caret to the end,
// and the typing was appended. The component writes what this machine says in the same task as
// the event that decides it (a layout effect), and the machine never writes into a field in use.
import { formatDate } from './format';

export interface DateField {
  text: string; // what the field shows
  server: string; // the date the figures are for (ISO), the latest received
  focused: boolean;
  edited: boolean; // typed into since the field last showed a date it was given
}

export type DateFieldEvent =
  | { kind: 'server'; iso: string } // the figures arrived for this date
  | { kind: 'focus' }
  | { kind: 'blur' }
  | { kind: 'type'; text: string }
  | { kind: 'ask'; iso: string }; // this date was asked for (typed and sent, or a quick date)

export function initDateField(iso: string): DateField {
  return { text: formatDate(iso), server: iso, focused: false, edited: false };
}

export function dateField(s: DateField, e: DateFieldEvent): DateField {
  switch (e.kind) {
    case 'server':
      return s.focused || s.edited ? { ...s, server: e.iso } : { ...s, server: e.iso, text: formatDate(e.iso) };
    case 'focus':
      return { ...s, focused: true };
    case 'blur':
      return s.edited ? { ...s, focused: false } : { ...s, focused: false, text: formatDate(s.server) };
    case 'type':
      return { ...s, text: e.text, edited: true };
    case 'ask':
      // From the field itself (Enter) the typed text is the date asked for: it stays. From
      // elsewhere the field shows the date asked for.
      return s.focused ? { ...s, edited: false } : { ...s, edited: false, text: formatDate(e.iso) };
  }
}
