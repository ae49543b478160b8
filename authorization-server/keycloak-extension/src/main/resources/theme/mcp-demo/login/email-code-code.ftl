<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
  <#if section = "header">
    <span id="kc-client-request" class="mcp-demo-request">${clientName} is requesting access</span>
  <#elseif section = "form">
    <div id="kc-email-code-sent" class="mcp-demo-info" data-info="code_sent">If an account exists for <strong id="kc-email-code-address">${emailCodeEmail!''}</strong>, we sent it a 6-digit code. It is valid for ${emailCodeTtlMinutes} minute(s).</div>
    <#if emailCodeError??>
      <div id="kc-email-code-error" class="mcp-demo-error" data-error="${emailCodeError}" role="alert">${emailCodeErrorMessage}</div>
    </#if>
    <form id="kc-code-form" action="${url.loginAction}" method="post">
      <label for="code">6-digit code</label>
      <input id="code" name="code" type="text" class="mcp-demo-field" inputmode="numeric" pattern="[0-9 ]*"
             autocomplete="one-time-code" maxlength="12" autofocus/>
      <div class="mcp-demo-actions">
        <button id="kc-code-submit" name="submitCode" type="submit" class="${properties.kcButtonPrimaryClass!}">Sign in</button>
      </div>
    </form>
    <form id="kc-code-other-actions" action="${url.loginAction}" method="post" class="mcp-demo-actions">
      <button id="kc-resend" name="resend" value="true" type="submit" class="${properties.kcButtonSecondaryClass!}">Send a new code</button>
      <button id="kc-restart" name="restart" value="true" type="submit" class="${properties.kcButtonSecondaryClass!}">Use another email</button>
    </form>
  </#if>
</@layout.registrationLayout>
