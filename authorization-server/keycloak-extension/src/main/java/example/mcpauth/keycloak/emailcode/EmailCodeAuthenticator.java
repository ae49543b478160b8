package example.mcpauth.keycloak.emailcode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Browser login by a one-time code sent by email. Step 1: the user types an email address. A known,
 * enabled user gets a 6-digit code by SMTP; for an unknown address no mail is sent but the page and
 * the rest of the dialogue look exactly the same (no account enumeration). Step 2: the user types
 * the code; wrong tries are counted and lock the code, codes expire, resends are rate-limited.
 *
 * <p>Every wrong code is reported to Keycloak as a failed login ({@code failureChallenge} with
 * {@link AuthenticationFlowError#INVALID_CREDENTIALS}): it is a {@code LOGIN_ERROR} event and counts
 * in the realm's brute-force detection, which locks the user for a while after the realm's
 * {@code failureFactor} wrong codes (over all codes and logins). While locked, no code is mailed and
 * none is checked. A successful login is recorded as an {@code otp} credential use, so that the
 * protector clears the user's failure count.
 *
 * <p>Texts come from the login theme's messages, the mail from the email theme's {@code
 * email-code.ftl} (html and text) through {@link EmailTemplateProvider}. Form fields: {@code email};
 * {@code code}; buttons {@code resend} and {@code restart}. Errors are shown with a machine-readable
 * {@code data-error} attribute (see {@link #ERROR_CODES}); each has the message key
 * {@code emailCodeError.<id>}.
 */
public class EmailCodeAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(EmailCodeAuthenticator.class);

    static final String EMAIL_PAGE = "email-code-email.ftl";
    static final String CODE_PAGE = "email-code-code.ftl";
    /** the email theme's template (html/ and text/) */
    static final String EMAIL_TEMPLATE = "email-code.ftl";
    /** the email theme's message key of the subject; {0} = the code */
    static final String EMAIL_SUBJECT_KEY = "emailCodeSubject";

    static final String NOTE_STAGE = "emailcode.stage";
    static final String NOTE_USER = "emailcode.user";
    static final String NOTE_EMAIL = "emailcode.email";

    /** Stable error identifiers, shown on the page as {@code data-error}; texts: {@code emailCodeError.<id>}. */
    static final Set<String> ERROR_CODES = Set.of(
            "invalid_email", "invalid_code", "code_expired", "too_many_attempts", "resend_too_soon", "no_code",
            "temporarily_locked");

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
            authSession.removeAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
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
                context.challenge(codePage(context, "resend_too_soon", wait));
                return;
            }
            sendCode(context, settings, now);
            context.challenge(codePage(context, null, null));
            return;
        }
        UserModel user = knownUser(context);
        if (user != null) {
            context.getEvent().user(user);
            String lockError = AuthenticatorUtils.getDisabledByBruteForceEventError(context, user);
            if (lockError != null) {
                // locked by brute-force detection: the code is not even compared
                context.getEvent().error(lockError);
                context.forceChallenge(codePage(context, "temporarily_locked", null));
                return;
            }
        }
        EmailCodeChallenge.Result result = challenge.verify(notes, form.getFirst("code"), now, settings.maxAttempts());
        switch (result) {
            case OK -> {
                if (user == null) {
                    // unknown address: a guessed code must not tell the difference either
                    failed(context, null, codePage(context, "invalid_code", 0));
                    return;
                }
                authSession.removeAuthNote(NOTE_STAGE);
                context.setUser(user);
                // recorded as an OTP use: the brute-force protector then clears the user's failures
                context.success(OTPCredentialModel.TYPE);
            }
            case WRONG_CODE -> failed(context, user, codePage(context, "invalid_code", challenge.attemptsLeft(notes, settings.maxAttempts())));
            case WRONG_CODE_LOCKED -> failed(context, user, codePage(context, "too_many_attempts", null));
            case EXPIRED -> context.challenge(codePage(context, "code_expired", null));
            case LOCKED -> context.challenge(codePage(context, "too_many_attempts", null));
            case NO_CODE -> context.challenge(codePage(context, "no_code", null));
        }
    }

    /**
     * A wrong code: a LOGIN_ERROR event and a failed login for brute-force detection (which finds the
     * user through the attempted-username note; unknown addresses count for nobody).
     */
    private static void failed(AuthenticationFlowContext context, UserModel user, Response page) {
        context.getEvent().detail(Details.USERNAME, context.getAuthenticationSession().getAuthNote(NOTE_EMAIL))
                .error(user == null ? Errors.USER_NOT_FOUND : Errors.INVALID_USER_CREDENTIALS);
        context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page);
    }

    /** The known, enabled user this login is for; null for an unknown address. */
    private static UserModel knownUser(AuthenticationFlowContext context) {
        String userId = context.getAuthenticationSession().getAuthNote(NOTE_USER);
        UserModel user = userId == null ? null : context.getSession().users().getUserById(context.getRealm(), userId);
        return user != null && user.isEnabled() ? user : null;
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
        // what Keycloak's brute-force detection and its events use to find the user of a failed login
        authSession.setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, email);
        authSession.setAuthNote(NOTE_STAGE, "code");
        challenge.reset(notes(authSession));
        sendCode(context, settings, now);
        context.challenge(codePage(context, null, null));
    }

    /**
     * Issues a new code; mails it only when the address belongs to a known user who is not locked
     * by brute-force detection (the page is the same in every case).
     */
    private void sendCode(AuthenticationFlowContext context, Settings settings, Instant now) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String code = challenge.issue(notes(authSession), now, settings.ttl());
        UserModel user = knownUser(context);
        if (user == null || AuthenticatorUtils.getDisabledByBruteForceEventError(context, user) != null) {
            return; // unknown or locked: nothing is sent, nothing is revealed
        }
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("code", code);
        attributes.put("clientName", clientName(authSession.getClient()));
        attributes.put("ttlMinutes", String.valueOf(ttlMinutes(settings)));
        try {
            session.getProvider(EmailTemplateProvider.class)
                    .setRealm(realm).setUser(user).setAuthenticationSession(authSession)
                    .send(EMAIL_SUBJECT_KEY, List.of(code), EMAIL_TEMPLATE, attributes);
        } catch (EmailException e) {
            // the page stays neutral; the operator sees why no mail arrived
            LOG.errorf("could not send the login code email for realm %s: %s", realm.getName(), e.getMessage());
        }
    }

    private static long ttlMinutes(Settings settings) {
        return Math.max(1, settings.ttl().toMinutes());
    }

    private Response emailPage(AuthenticationFlowContext context, String error) {
        LoginFormsProvider form = baseForm(context, error, null);
        String email = context.getAuthenticationSession().getAuthNote(NOTE_EMAIL);
        if (email != null) {
            form.setAttribute("emailCodeEmail", email);
        }
        return form.createForm(EMAIL_PAGE);
    }

    /** The code page; {@code errorArgument} fills {0} of the error's message (tries left, seconds to wait). */
    private Response codePage(AuthenticationFlowContext context, String error, Object errorArgument) {
        Settings settings = Settings.of(context.getAuthenticatorConfig());
        LoginFormsProvider form = baseForm(context, error, errorArgument);
        form.setAttribute("emailCodeEmail", context.getAuthenticationSession().getAuthNote(NOTE_EMAIL));
        form.setAttribute("emailCodeTtlMinutes", ttlMinutes(settings));
        return form.createForm(CODE_PAGE);
    }

    private LoginFormsProvider baseForm(AuthenticationFlowContext context, String error, Object errorArgument) {
        LoginFormsProvider form = context.form();
        form.setAttribute("clientName", clientName(context.getAuthenticationSession().getClient()));
        if (error != null) {
            form.setAttribute("emailCodeError", error);
            form.setAttribute("emailCodeErrorArgument", errorArgument == null ? "" : String.valueOf(errorArgument));
        }
        return form;
    }

    /** The client's display name, or its client_id when it has none (the pages say "<name> is requesting access"). */
    static String clientName(ClientModel client) {
        String name = client.getName();
        if (name == null || name.isBlank() || name.startsWith("${")) {
            return client.getClientId();
        }
        return name;
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
