"use client";

import { useEffect } from "react";

const LEAVE_MESSAGE = "You have unsaved changes. Leave without saving?";

/**
 * While there are unsaved changes: the browser asks before the tab closes or reloads, and in-app
 * links ask first (a client-side navigation fires no beforeunload).
 */
export function useLeaveGuard(active: boolean) {
  useEffect(() => {
    if (!active) return;
    let leaving = false;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (leaving) return;
      event.preventDefault();
      event.returnValue = "";
    };
    const click = (event: MouseEvent) => {
      // Modified clicks open another tab; this page stays.
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!(link instanceof HTMLAnchorElement) || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
      const url = new URL(link.href, window.location.href);
      // Other sites: beforeunload asks. Same page (a #fragment): nothing is lost.
      if (url.origin !== window.location.origin || (url.pathname === window.location.pathname && url.search === window.location.search)) return;
      if (window.confirm(LEAVE_MESSAGE)) {
        leaving = true;
        return;
      }
      // In the capture phase: React hands the click to Next.js's Link only as it bubbles back up.
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener("beforeunload", beforeUnload);
    document.addEventListener("click", click, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", click, true);
    };
  }, [active]);
}
