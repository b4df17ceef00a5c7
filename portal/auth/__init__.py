"""Login protection: lockouts after failed sign-ins (lockout), a limit on password-reset
requests (password_reset), their unlock by a site manager (unlock) and the admin's second
factor (two_factor)."""
