import { useState, type ReactNode } from 'react';
import { createHashRouter, RouterProvider } from 'react-router';

/**
 * Hash routes (`#/sites/…`) through a data router, so that a page can hold a navigation back while a
 * form has unsaved changes (react-router's blocker works only with a data router). The app's own
 * <Routes> live below the one catch-all route, as before.
 */
export function HashDataRouter({ children }: { children: ReactNode }) {
  const [router] = useState(() => createHashRouter([{ path: '*', element: children }]));
  return <RouterProvider router={router} />;
}
