/** Which devices, how many at once, canary, stop on failure, timeout, mode and the confirmation. */
export function TargetFields() {
  return (
    <>
      <label>
        Devices{' '}
        <select name="targetKind">
          <option value="all">All devices</option>
          <option value="tag">With tag</option>
          <option value="site">At site</option>
          <option value="ids">Device ids</option>
        </select>
      </label>
      <label>
        Tag, site or device ids (comma-separated) <input type="text" name="targetValue" />
      </label>
      <label>
        At once <input type="number" name="concurrency" value="10" min="1" max="100" />
      </label>
      <label>
        Canary devices first <input type="number" name="canary" value="0" min="0" />
      </label>
      <label>
        <input type="checkbox" name="canaryAuto" value="on" /> Continue after the canary without
        asking when all succeeded
      </label>
      <label>
        <input type="checkbox" name="stopOnFailure" value="on" /> Stop on the first failure
      </label>
      <label>
        Timeout per device (s) <input type="number" name="timeoutS" value="60" min="1" max="3600" />
      </label>
      <label>
        Apply mode{' '}
        <select name="mode">
          <option value="standard">Standard</option>
          <option value="safe">Safe (rolls back if the device becomes unreachable)</option>
        </select>
      </label>
      <label>
        Number of devices (writes only: type it to confirm){' '}
        <input type="number" name="confirmTargets" min="0" />
      </label>
    </>
  )
}
