import { useCallback } from 'react';
import { useNavigate, type NavigateOptions, type To } from 'react-router';

/**
 * `navigate` for event handlers. React Router's data router answers each navigation with a promise;
 * a move between hash routes has nothing to wait for and no failure to handle here (a route's own
 * error element shows any), so the move is started and not awaited: decided once, here.
 */
export function useGo(): (to: To, options?: NavigateOptions) => void {
  const navigate = useNavigate();
  return useCallback(
    (to: To, options?: NavigateOptions) => {
      void navigate(to, options);
    },
    [navigate],
  );
}
