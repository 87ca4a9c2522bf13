/// The script `pantau serve` adds to every HTML page it serves (never to a build's output): it opens
/// the reload socket, reloads the page after a newer good build, and shows a failed build's error over
/// the page until the next good one. It reconnects when the server restarts.
enum ReloadScript {
    /// The `<script>` tag for a page served at generation `version`.
    static func tag(version: Int) -> String {
        "<script src=\"/__pantau/reload.js\" data-version=\"\(version)\"></script>"
    }

    static let source = """
        (function () {
          var me = document.currentScript;
          var seen = Number(me && me.dataset.version || 0);
          function overlay(text) {
            var box = document.getElementById("pantau-serve-error");
            if (!text) { if (box) box.remove(); return; }
            if (!box) {
              box = document.createElement("div");
              box.id = "pantau-serve-error";
              box.setAttribute("role", "alert");
              box.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.92);color:#fff;" +
                "padding:2rem;overflow:auto;font:14px/1.5 monospace;white-space:pre-wrap";
              document.body.appendChild(box);
            }
            box.textContent = "Build failed; the last good site is still served.\\n\\n" + text;
          }
          function connect() {
            var socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__pantau/socket");
            socket.onmessage = function (event) {
              var state = JSON.parse(event.data);
              if (state.error) { overlay(state.error); return; }
              if (state.version > seen) { location.reload(); return; }
              overlay(null);
            };
            socket.onclose = function () { setTimeout(connect, 1000); };
          }
          connect();
        })();
        """
}
