// A form whose refusals land on their fields: what the page checks itself (nothing is sent while
// a field is wrong), then the server's answer — a 400/409/422 with details by field on those
// fields, anything else as the form's general error — and the busy flag while it is sent.
import { useState } from 'react';
import { refusedFields, type Problems } from './accounts';

export function useFieldForm() {
  const [problems, setProblems] = useState<Problems>({});
  const [general, setGeneral] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  /** Shows `mine` (the page's own findings); when there are none, runs `send`. */
  const submit = async (mine: Problems, send: () => Promise<void>) => {
    setGeneral(null);
    setProblems(mine);
    if (Object.keys(mine).length) return;
    setBusy(true);
    try {
      await send();
    } catch (err) {
      const r = refusedFields(err);
      setProblems(r.fields);
      setGeneral(r.general);
    } finally {
      setBusy(false);
    }
  };

  return { problems, general, busy, submit };
}
