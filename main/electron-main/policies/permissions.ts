/**
 * Permission policy: the notebook needs no camera, microphone, geolocation, notifications, MIDI,
 * HID, clipboard-read, fullscreen requests or anything else a web page can ask for, so every request
 * and every permission check is answered "no", whatever the permission or the asking origin.
 * Copy and paste through the Edit menu and keyboard shortcuts need no permission.
 */
export function isPermissionGranted(_permission: string, _requestingOrigin: string): false {
  return false;
}
