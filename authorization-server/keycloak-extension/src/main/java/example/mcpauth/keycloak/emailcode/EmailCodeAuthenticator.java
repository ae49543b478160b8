package example.mcpauth.keycloak.emailcode;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Browser login by a one-time code sent by email. Step 1: the user types an email address. A known,
 * enabled user gets a 6-digit code by SMTP; for an unknown address no mail is sent but the page and
 * the rest of the dialogue look exactly the same (no account enumeration). Step 2: the user types
 * the code; wrong tries are counted and lock the code, codes expire, resends are rate-limited.
 *
 * <p>Form fields: {@code email}; {@code code}; buttons {@code resend} and {@code restart}. Errors
 * are shown with a machine-readable {@code data-error} attribute (see {@link #ERROR_CODES}).
 */
public class EmailCodeAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(EmailCodeAuthenticator.class);

    static final String EMAIL_PAGE = "email-code-email.ftl";
    static final String CODE_PAGE = "email-code-code.ftl";

    static final String NOTE_STAGE = "emailcode.stage";
    static final String NOTE_USER = "emailcode.user";
    static final String NOTE_EMAIL = "emailcode.email";

    /** Stable error identifiers, shown on the page as {@code data-error}, and their messages. */
    static final Map<String, String> ERROR_CODES = Map.of(
            "invalid_email", "Enter a valid email address.",
            "invalid_code", "That code is not correct. Check the email and try again.",
            "code_expired", "That code has expired. Request a new code.",
            "too_many_attempts", "Too many wrong codes. This code no longer works; request a new code.",
            "resend_too_soon", "Please wait a little before requesting another code.",
            "no_code", "No code is active. Request a new code.");

    private final EmailCodeChallenge challenge;

    public EmailCodeAuthenticator(EmailCodeChallenge challenge) {
        this.challenge = challenge;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if ("code".equals(authSession.getAuthNote(NOTE_STAGE))) {
            context.challenge(codePage(context, null, null));
        } else {
            context.challenge(emailPage(context, null));
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        EmailCodeChallenge.Notes notes = notes(authSession);
        Settings settings = Settings.of(context.getAuthenticatorConfig());
        Instant now = Instant.now();

        if (form.containsKey("restart")) {
            challenge.reset(notes);
            authSession.removeAuthNote(NOTE_STAGE);
            authSession.removeAuthNote(NOTE_USER);
            authSession.removeAuthNote(NOTE_EMAIL);
            context.challenge(emailPage(context, null));
            return;
        }
        if (!"code".equals(authSession.getAuthNote(NOTE_STAGE))) {
            submitEmail(context, form.getFirst("email"), settings, now);
            return;
        }
        if (form.containsKey("resend")) {
            long wait = challenge.resendWaitSeconds(notes, now, settings.resendInterval());
            if (wait > 0) {
                context.challenge(codePage(context, "resend_too_soon", "Please wait " + wait
                        + " seconds before requesting another code."));
                return;
            }
            sendCode(context, settings, now);
            context.challenge(codePage(context, null, null));
            return;
        }
        EmailCodeChallenge.Result result = challenge.verify(notes, form.getFirst("code"), now, settings.maxAttempts());
        String userId = authSession.getAuthNote(NOTE_USER);
        switch (result) {
            case OK -> {
                UserModel user = userId == null ? null : context.getSession().users().getUserById(context.getRealm(), userId);
                if (user == null || !user.isEnabled()) {
                    // unknown address: a guessed code must not tell the difference either
                    context.challenge(codePage(context, "invalid_code", null));
                    return;
                }
                authSession.removeAuthNote(NOTE_STAGE);
                context.setUser(user);
                context.success();
            }
            case WRONG_CODE -> context.challenge(codePage(context, "invalid_code",
                    ERROR_CODES.get("invalid_code") + " Tries left: " + challenge.attemptsLeft(notes, settings.maxAttempts()) + "."));
            case EXPIRED -> context.challenge(codePage(context, "code_expired", null));
            case LOCKED -> context.challenge(codePage(context, "too_many_attempts", null));
            case NO_CODE -> context.challenge(codePage(context, "no_code", null));
        }
    }

    private void submitEmail(AuthenticationFlowContext context, String rawEmail, Settings settings, Instant now) {
        String email = rawEmail == null ? "" : rawEmail.trim().toLowerCase(Locale.ROOT);
        if (email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+")) {
            context.challenge(emailPage(context, "invalid_email"));
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getSession().users().getUserByEmail(context.getRealm(), email);
        if (user != null && user.isEnabled()) {
            authSession.setAuthNote(NOTE_USER, user.getId());
        } else {
            authSession.removeAuthNote(NOTE_USER);
        }
        authSession.setAuthNote(NOTE_EMAIL, email);
        authSession.setAuthNote(NOTE_STAGE, "code");
        challenge.reset(notes(authSession));
        sendCode(context, settings, now);
        context.challenge(codePage(context, null, null));
    }

    /** Issues a new code; mails it only when the address belongs to a known user. */
    private void sendCode(AuthenticationFlowContext context, Settings settings, Instant now) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String code = challenge.issue(notes(authSession), now, settings.ttl());
        String userId = authSession.getAuthNote(NOTE_USER);
        if (userId == null) {
            return; // unknown address: nothing is sent, nothing is revealed
        }
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            return;
        }
        String clientName = clientName(authSession.getClient());
        long minutes = Math.max(1, settings.ttl().toMinutes());
        String subject = "Your sign-in code: " + code;
        String text = "Your sign-in code is " + code + "\n\n"
                + clientName + " is requesting access to your stock data.\n"
                + "The code is valid for " + minutes + " minute(s). If you did not try to sign in, ignore this email.\n";
        String html = "<p>Your sign-in code is <strong id=\"code\">" + code + "</strong></p>"
                + "<p>" + escapeHtml(clientName) + " is requesting access to your stock data.</p>"
                + "<p>The code is valid for " + minutes + " minute(s). If you did not try to sign in, ignore this email.</p>";
        try {
            session.getProvider(EmailSenderProvider.class).send(realm.getSmtpConfig(), user, subject, text, html);
        } catch (EmailException e) {
            // the page stays neutral; the operator sees why no mail arrived
            LOG.errorf("could not send the login code email for realm %s: %s", realm.getName(), e.getMessage());
        }
    }

    private Response emailPage(AuthenticationFlowContext context, String error) {
        LoginFormsProvider form = baseForm(context, error, null);
        String email = context.getAuthenticationSession().getAuthNote(NOTE_EMAIL);
        if (email != null) {
            form.setAttribute("emailCodeEmail", email);
        }
        return form.createForm(EMAIL_PAGE);
    }

    private Response codePage(AuthenticationFlowContext context, String error, String message) {
        Settings settings = Settings.of(context.getAuthenticatorConfig());
        LoginFormsProvider form = baseForm(context, error, message);
        form.setAttribute("emailCodeEmail", context.getAuthenticationSession().getAuthNote(NOTE_EMAIL));
        form.setAttribute("emailCodeTtlMinutes", Math.max(1, settings.ttl().toMinutes()));
        return form.createForm(CODE_PAGE);
    }

    private LoginFormsProvider baseForm(AuthenticationFlowContext context, String error, String message) {
        LoginFormsProvider form = context.form();
        form.setAttribute("clientName", clientName(context.getAuthenticationSession().getClient()));
        if (error != null) {
            form.setAttribute("emailCodeError", error);
            form.setAttribute("emailCodeErrorMessage", message != null ? message : ERROR_CODES.get(error));
        }
        return form;
    }

    static String clientName(ClientModel client) {
        if (client == null) {
            return "An application";
        }
        String name = client.getName();
        if (name == null || name.isBlank() || name.startsWith("${")) {
            return client.getClientId();
        }
        return name;
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static EmailCodeChallenge.Notes notes(AuthenticationSessionModel authSession) {
        return new EmailCodeChallenge.Notes() {
            @Override
            public String get(String key) {
                return authSession.getAuthNote(key);
            }

            @Override
            public void set(String key, String value) {
                authSession.setAuthNote(key, value);
            }

            @Override
            public void remove(String key) {
                authSession.removeAuthNote(key);
            }
        };
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // nothing to set up: the user's email address is the only credential
    }

    @Override
    public void close() {
        // no resources
    }

    /** The authenticator's configuration (realm authenticator config), with defaults. */
    record Settings(Duration ttl, int maxAttempts, Duration resendInterval) {
        static final String TTL = "code.ttl.seconds";
        static final String MAX_ATTEMPTS = "max.attempts";
        static final String RESEND = "resend.interval.seconds";

        static Settings of(AuthenticatorConfigModel model) {
            Map<String, String> config = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
            return new Settings(
                    Duration.ofSeconds(number(config, TTL, 300)),
                    (int) number(config, MAX_ATTEMPTS, 3),
                    Duration.ofSeconds(number(config, RESEND, 30)));
        }

        private static long number(Map<String, String> config, String key, long fallback) {
            String value = config.get(key);
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                long parsed = Long.parseLong(value.trim());
                return parsed > 0 ? parsed : fallback;
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
    }
}
