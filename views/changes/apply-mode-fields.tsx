// The apply settings every change-set form offers (the config editor's "Apply", a version's
// "Restore"): mode, how the change is confirmed and the confirmation window.
export function ApplyModeFields(p: { defaultWindowS: number }) {
  return (
    <>
      <label>
        Mode{' '}
        <select name="mode">
          <option value="safe" selected>
            Safe (revert unless verified)
          </option>
          <option value="standard">Standard</option>
        </select>
      </label>
      <label>
        Confirm{' '}
        <select name="confirm">
          <option value="auto" selected>
            Automatically
          </option>
          <option value="manual">Manually ("keep")</option>
        </select>
      </label>
      <label>
        Window (s){' '}
        <input type="number" name="windowS" min="10" max="3600" value={String(p.defaultWindowS)} />
      </label>
    </>
  )
}
