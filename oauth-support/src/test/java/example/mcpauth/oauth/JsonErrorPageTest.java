package example.mcpauth.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonErrorPageTest {

    static String render(Integer status, Throwable exception, HttpServletResponse response) throws Exception {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE)).thenReturn(status);
        when(request.getAttribute(RequestDispatcher.ERROR_EXCEPTION)).thenReturn(exception);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        when(response.getOutputStream()).thenReturn(new ServletOutputStream() {
            @Override public void write(int b) { body.write(b); }
            @Override public boolean isReady() { return true; }
            @Override public void setWriteListener(WriteListener l) { }
        });
        new JsonErrorPage().service(request, response);
        return body.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aNotFoundStaysANotFoundEvenWithTheContainersException() throws Exception {
        HttpServletResponse response = mock(HttpServletResponse.class);
        String body = render(404, new FileNotFoundException("SRVE0190E: /secret/path"), response);
        verify(response).setStatus(404);
        assertThat(body).contains("\"code\":\"not_found\"").doesNotContain("secret").doesNotContain("Exception");
    }

    @Test
    void anEscapedExceptionIsA500WithoutDetail() throws Exception {
        HttpServletResponse response = mock(HttpServletResponse.class);
        String body = render(null, new IllegalStateException("internal detail"), response);
        verify(response).setStatus(500);
        assertThat(body).contains("\"code\":\"internal_error\"").doesNotContain("internal detail").doesNotContain("\tat ");
    }
}
